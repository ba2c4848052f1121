import type Koa from 'koa';
import { z } from 'zod';
import { LanternError, type FieldError } from '../../core/errors';
import type { Permission } from '../../core/permissions';
import { actorOf, type Actor, type Principal } from '../../core/principal';
import { unstorableTextPaths } from '../../core/storable-text';
import type { Queryable } from '../../db/knex';
import type { AppDeps } from '../deps';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };

export type RequestContext = {
  principal: Principal;
  actor: Actor;
  /** The pool, or the transaction an idempotent create runs in. */
  db: Queryable;
  deps: AppDeps;
  koa: Koa.Context;
};

export type ResponseSpec = { description: string; schema?: z.ZodType };

export type RouteDef<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> = {
  method: HttpMethod;
  /** Koa-router path below /api/v1, e.g. `/tickets/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** `public` routes need no credentials; every other route names the one permission it checks. */
  permission: Permission | 'public';
  params?: P;
  query?: Q;
  body?: B;
  /** Body is not JSON (multipart upload); the handler reads it itself. */
  rawBody?: { contentType: string; description: string };
  responses: Record<number, ResponseSpec>;
  /** Honour the Idempotency-Key header (creates). */
  idempotent?: boolean;
  handler: (input: { params: z.output<P>; query: z.output<Q>; body: z.output<B> }, ctx: RequestContext) => Promise<Reply>;
};

/** Identity helper that keeps each route's input types inferred from its schemas. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(def: RouteDef<P, Q, B>): RouteDef {
  return def as unknown as RouteDef;
}

/** zod issues as field-level messages a client can show next to its inputs. */
export function fieldErrors(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: base ? `${base}.${k}` : k, message: 'is not a known field' }));
    }
    return [{ path: base || prefix, message: issue.message }];
  });
}

/** Strings the database cannot store faithfully are refused here, once for every route, not as a 500 later. */
function unstorableFields(value: unknown, prefix: string): FieldError[] {
  return unstorableTextPaths(value).map((path) => ({
    path: [prefix, ...path].filter(Boolean).join('.') || prefix,
    message: 'contains a NUL character or an unpaired surrogate, which cannot be stored',
  }));
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: 'params' | 'query' | 'body'): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  const prefix = where === 'body' ? '' : where;
  const result = schema.safeParse(value);
  const fields = [...(result.success ? [] : fieldErrors(result.error, prefix)), ...unstorableFields(value, prefix)];
  if (!result.success || fields.length) {
    const label = where === 'body' ? 'request body' : where === 'query' ? 'query string' : 'path';
    throw new LanternError('validation', `The ${label} is invalid`, { fields });
  }
  return result.data;
}

export function requestActor(ctx: Koa.Context, principal: Principal): Actor {
  return actorOf(principal, { requestId: ctx.state.requestId as string, ip: ctx.ip });
}

/** Authorize, validate and run one route; the caller decides transactions (see idempotency). */
export async function runRoute(route: RouteDef, ctx: Koa.Context, deps: AppDeps, db: Queryable): Promise<Reply> {
  const principal = ctx.state.principal as Principal | undefined;
  if (route.permission !== 'public') {
    if (!principal) throw new LanternError('unauthenticated', 'Sign in or send an API key (Authorization: Bearer ...)');
    if (!principal.permissions.has(route.permission)) {
      throw new LanternError('forbidden', `This needs the ${route.permission} permission`);
    }
  }
  const params = parse(route.params, ctx.params, 'params');
  const query = parse(route.query, ctx.query, 'query');
  if (route.body && ctx.request.type && !ctx.is('application/json', '+json')) {
    throw new LanternError('unsupported_media_type', 'Send the body as application/json');
  }
  const body = parse(route.body, route.body ? (ctx.request.body ?? {}) : undefined, 'body');
  const p = principal as Principal;
  return route.handler({ params, query, body }, { principal: p, actor: p ? requestActor(ctx, p) : (undefined as never), db, deps, koa: ctx });
}
