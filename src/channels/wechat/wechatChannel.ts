import type { ChannelRegistration } from '../ChannelRegistration';
import { WECHAT_MAX_TEXT_BYTES } from './renderForWechat';
import { WECHAT_CHANNEL } from './WechatAdapter';
import { SERVICE_WINDOW_MS, SERVICE_WINDOW_SENDS, WechatStore } from './WechatStore';

/** A WeChat Official Account: plain text with numbered choices, texts up to 2,048 bytes, no typing indicator. */
export const wechatChannel: ChannelRegistration = {
  id: WECHAT_CHANNEL,
  selfHosted: true,
  capabilities: {
    cards: false,
    maxText: { max: WECHAT_MAX_TEXT_BYTES, unit: 'bytes' },
    typing: false,
    media: ['image', 'voice', 'video', 'location', 'other'],
  },
  // The conversation id is the follower's OpenID.
  personalTables: [
    { table: 'wechat_window', conversationColumn: 'open_id', touchedColumn: 'last_in_at' },
    { table: 'wechat_pending', conversationColumn: 'open_id', touchedColumn: 'created_at' },
  ],
  staffWindow: ({ database, cipher }) => {
    const store = new WechatStore(database, cipher);
    return async (openId) => {
      const window = await store.windowOf(openId);
      return {
        channel: WECHAT_CHANNEL,
        hours: SERVICE_WINDOW_MS / 3_600_000,
        open: window.open,
        lastMessageAt: window.lastInAt,
        closesAt: window.closesAt,
        pending: (await store.pendingReasons(openId)).length,
        maxSends: SERVICE_WINDOW_SENDS,
        sendsLeft: window.sendsLeft,
        maxText: { max: WECHAT_MAX_TEXT_BYTES, unit: 'bytes' },
      };
    };
  },
};
