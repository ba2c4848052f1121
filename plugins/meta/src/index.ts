/** Entry of the Messenger/Instagram plugin process; bundled to dist/index.mjs by the pack tool. */
import { runPlugin } from '../../sdk/plugin-server';
import { createMetaPlugin } from './meta-plugin';

runPlugin((ctx) => createMetaPlugin(ctx));
