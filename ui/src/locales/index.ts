/**
 * The catalogues, one module per area of the UI (each holds English, the reference, and German typed against
 * it, so a missing or extra key fails `npm run typecheck:ui`). Keys are namespaced by area: `queue.title`.
 */
import * as account from './account';
import * as admin from './admin';
import * as app from './app';
import * as bot from './bot';
import * as kb from './kb';
import * as notifications from './notifications';
import * as plugins from './plugins';
import * as portal from './portal';
import * as queue from './queue';
import * as stats from './stats';
import * as ticket from './ticket';
import * as widget from './widget';

const areas = [app, queue, ticket, admin, stats, notifications, account, plugins, portal, kb, widget, bot];

export const en = Object.assign({}, ...areas.map((a) => a.en)) as typeof app.en & typeof queue.en & typeof ticket.en & typeof admin.en & typeof stats.en & typeof notifications.en & typeof account.en & typeof plugins.en & typeof portal.en & typeof kb.en & typeof widget.en & typeof bot.en;
export const de = Object.assign({}, ...areas.map((a) => a.de)) as typeof en;
