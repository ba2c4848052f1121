/** Entry of the Telegram plugin process; bundled to dist/index.mjs by the pack tool. */
import { runPlugin } from '../../sdk/plugin-server';
import { createTelegramPlugin } from './telegram-plugin';

runPlugin(createTelegramPlugin);
