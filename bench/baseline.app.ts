import Router from '@koa/router';
import Koa from 'koa';
import type { Db } from '../db/knex';
import { jsonBody } from '../gateway/http/json-body';

export type BaselineDefaults = { statusId: number; statusCategory: string; priorityId: number; priorityRank: number };
type CreateBody = { subject: string; requesterId: number; teamId?: number; tags?: string[]; customFields?: Record<string, unknown> };

/**
 * The floor the real API is compared against: one Koa route per operation doing the one statement it cannot
 * avoid — a single INSERT, a single indexed SELECT — with no auth, validation, audit or events.
 */
export function createBaselineApp(db: Db, defaults: BaselineDefaults): Koa {
  const router = new Router({ prefix: '/baseline' });
  router.post('/tickets', async (ctx) => {
    const body = ctx.request.body as CreateBody;
    const [row] = await db('tickets')
      .insert({
        subject: body.subject,
        requester_id: body.requesterId,
        team_id: body.teamId ?? null,
        status_id: defaults.statusId,
        status_category: defaults.statusCategory,
        priority_id: defaults.priorityId,
        priority_rank: defaults.priorityRank,
        tags: body.tags ?? [],
        custom_fields: JSON.stringify(body.customFields ?? {}),
        channel: 'api',
      })
      .returning('*');
    ctx.status = 201;
    ctx.body = row;
  });
  router.get('/tickets', async (ctx) => {
    const limit = Number(ctx.query.limit ?? 50);
    const rows = await db('tickets')
      .where({ assignee_id: Number(ctx.query.assignee), status_category: String(ctx.query.statusCategory ?? 'open') })
      .orderBy([{ column: 'priority_rank', order: 'desc' }, { column: 'id', order: 'desc' }])
      .limit(limit + 1);
    ctx.body = { data: rows.slice(0, limit), nextCursor: null };
  });
  const app = new Koa();
  app.use(jsonBody(1_048_576)); // the same body parser as the real app, so the comparison is about everything else
  app.use(router.routes());
  return app;
}
