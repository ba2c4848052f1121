import { z } from 'zod';
import type { RouteDef } from './http/route';

const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

const problem = {
  description: 'Problem details (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

/** The OpenAPI 3.1 document, generated from the same route table and zod schemas that validate requests. */
export function buildOpenApi(routes: RouteDef[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = `/api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`;
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(r.responses)) {
      responses[status] = spec.schema
        ? { description: spec.description, content: { 'application/json': { schema: toSchema(spec.schema, 'output') } } }
        : { description: spec.description };
    }
    if (r.permission !== 'public') Object.assign(responses, { 401: problem, 403: problem });
    if (r.params || r.query || r.body) responses['422'] = problem;
    responses['429'] = problem;
    (paths[path] ??= {})[r.method] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      'x-permission': r.permission,
      security: r.permission === 'public' ? [] : [{ bearer: [] }, { session: [] }],
      parameters: [
        ...parameters(r.params, 'path'),
        ...parameters(r.query, 'query'),
        ...(r.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }] : []),
      ],
      ...(r.body && { requestBody: { required: true, content: { 'application/json': { schema: toSchema(r.body, 'input') } } } }),
      ...(r.rawBody && { requestBody: { required: true, description: r.rawBody.description, content: { [r.rawBody.contentType]: { schema: { type: 'object' } } } } }),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Lantern API', version: info.version, description: 'Everything the Lantern UI does is available here.' },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API key (lk_...) or session token (ls_...)' },
        session: { type: 'apiKey', in: 'cookie', name: 'lantern_session' },
      },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
            instance: { type: 'string' }, requestId: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
