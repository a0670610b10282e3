import type { Activity } from 'botbuilder';
import { MENU_EVENT } from '../../bot/FlowDialog';
import { mediaChannelData } from '../../bot/mediaKind';
import type { MediaKind } from '../../flow/types';
import { WECHAT_CHANNEL } from './WechatAdapter';

/** The key that recognises WeChat's retries of one push: its MsgId, or for events the sender and CreateTime. */
export function pushKey(fields: Record<string, string>): string | undefined {
  const openId = fields.FromUserName;
  if (!openId) return undefined;
  return fields.MsgId ?? fields.MsgID ?? `${openId}:${fields.CreateTime ?? ''}:${fields.Event ?? ''}`;
}

const WECHAT_MEDIA: Record<string, MediaKind> = { image: 'image', video: 'video', shortvideo: 'video', location: 'location' };

/** The push as the activity every channel gives the bot; unsupported media become an empty text the bot answers. */
export function toWechatActivity(fields: Record<string, string>, menuKeys: ReadonlyMap<string, string>): Partial<Activity> | undefined {
  const openId = fields.FromUserName;
  const id = pushKey(fields);
  if (!openId || !id) return undefined;
  const base: Partial<Activity> = {
    id,
    timestamp: new Date(Number(fields.CreateTime ?? '0') * 1000 || Date.now()),
    channelId: WECHAT_CHANNEL,
    serviceUrl: WECHAT_CHANNEL,
    locale: 'zh-CN',
    conversation: { id: openId, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: openId, name: '', role: 'user' },
    recipient: { id: fields.ToUserName ?? 'account', name: '', role: 'bot' },
  };
  const type = fields.MsgType;
  const event = fields.Event ?? '';
  // A tap on a message-menu option carries its id; the options Camino sends are numbered, so the id is the number.
  if (type === 'text') return { ...base, type: 'message', text: fields.bizmsgmenuid ?? fields.Content ?? '' };
  if (type === 'voice') return { ...base, type: 'message', text: fields.Recognition ?? '', channelData: mediaChannelData('voice') };
  if (type !== 'event') return { ...base, type: 'message', text: '', channelData: mediaChannelData(WECHAT_MEDIA[type ?? ''] ?? 'other') };
  if (event === 'subscribe') return { ...base, type: 'conversationUpdate', membersAdded: [{ id: openId, name: '' }] };
  // An unknown menu key, or a follower scanning the account's QR code again, shows the main menu.
  if (event === 'CLICK') return { ...base, type: 'event', name: MENU_EVENT, value: menuKeys.get(fields.EventKey ?? '') ?? '' };
  if (event === 'SCAN') return { ...base, type: 'event', name: MENU_EVENT, value: '' };
  return { ...base, type: 'event', name: `wechat/${event.toLowerCase()}`, value: fields.EventKey ?? '' };
}
