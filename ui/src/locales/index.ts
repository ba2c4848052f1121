/**
 * The catalogues, one module per area of the UI (each holds English, the reference, and German typed against
 * it, so a missing or extra key fails `npm run typecheck:ui`). Keys are namespaced by area: `queue.title`.
 */
import * as account from './account';
import * as admin from './admin';
import * as app from './app';
import * as notifications from './notifications';
import * as plugins from './plugins';
import * as queue from './queue';
import * as stats from './stats';
import * as ticket from './ticket';

const areas = [app, queue, ticket, admin, stats, notifications, account, plugins];

export const en = Object.assign({}, ...areas.map((a) => a.en)) as typeof app.en & typeof queue.en & typeof ticket.en & typeof admin.en & typeof stats.en & typeof notifications.en & typeof account.en & typeof plugins.en;
export const de = Object.assign({}, ...areas.map((a) => a.de)) as typeof en;
