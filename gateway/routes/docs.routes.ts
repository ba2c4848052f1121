import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import Router from '@koa/router';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png']);

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lantern API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/v1/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/api/v1/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/v1/docs/init.js"></script></body></html>`;

/** Browsable API docs: Swagger UI served from the swagger-ui-dist package, reading /api/v1/openapi.json. */
export function docsRouter(): Router {
  const router = new Router({ prefix: '/api/v1/docs' });
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = page;
  });
  router.get('/init.js', (ctx) => {
    ctx.type = 'application/javascript';
    ctx.body = "window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#docs' });";
  });
  router.get('/assets/:file', (ctx) => {
    const file = ctx.params.file ?? '';
    if (!ASSETS.has(file)) return;
    ctx.type = file.split('.').pop()!;
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = createReadStream(join(getAbsoluteFSPath(), file));
  });
  return router;
}
