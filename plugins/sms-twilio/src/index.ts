/** Entry of the SMS (Twilio) plugin process; bundled to dist/index.mjs by the pack tool. */
import { runPlugin } from '../../sdk/plugin-server';
import { createSmsPlugin } from './sms-plugin';

runPlugin(createSmsPlugin);
