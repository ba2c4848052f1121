import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import type { Db } from '../../db/knex';
import type { ChannelAdapter, ChannelAdapters } from '../lifecycle/channel-delivery';
import { createPluginNoticeAdapter } from './plugin-notice.adapter';
import { createWebPushAdapter } from './web-push.adapter';

/** Channels plugins may serve for notices (activities/notifications/notice-routing.ts maps `meta` to the last two). */
const PLUGIN_NOTICE_CHANNELS = ['sms', 'telegram', 'messenger', 'instagram'];

/**
 * Every customer channel adapter of a process: email (when wired), the plugin channels and web push. The
 * composition roots (bin/start.ts, bin/worker.ts, the job runner) hand this to the lifecycle activities.
 */
export function createCustomerChannels(deps: { db: Db; config: Config; logger: Logger; email?: ChannelAdapter | undefined }): ChannelAdapters {
  const plugin = createPluginNoticeAdapter(deps);
  const channels: ChannelAdapters = { web_push: createWebPushAdapter(deps) };
  for (const c of PLUGIN_NOTICE_CHANNELS) channels[c] = plugin;
  if (deps.email) channels.email = deps.email;
  return channels;
}
