import { packText, utf8Bytes } from '../packText';

/** WeChat refuses text messages over about 2,048 bytes of UTF-8 (error 45002). */
export const WECHAT_MAX_TEXT_BYTES = 2048;

/** Plain text for WeChat: markdown emphasis dropped, links as the `<a href>` WeChat shows as links. */
export function toWechatText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(((?:https?|tel):[^)\s]+)\)/g, (_m, label: string, url: string) => (url.startsWith('tel:') ? label : `<a href="${url}">${label}</a>`))
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|\s)_([^_\n]+)_(?=\s|$)/g, '$1$2')
    .replace(/ {2}\n/g, '\n');
}

/** Joins a turn's messages into as few WeChat texts as fit under the byte limit (see packText). */
export function packForWechat(messages: readonly string[], max = WECHAT_MAX_TEXT_BYTES): string[] {
  return packText(messages, max, utf8Bytes);
}
