import type { Activity } from 'botbuilder';
import { readCaminoData } from '../../bot/caminoChannelData';
import { toWhatsAppMarkdown } from '../../bot/markdownDialects';
import { codePoints, packText } from '../packText';
import { WHATSAPP_LIMITS } from './whatsappChannel';
import type { KeptMessage } from './WhatsAppStore';

/** The words a list message needs around its rows, in the person's language. */
export interface ListWords {
  button: string;
  section: string;
}

const cut = (text: string, max: number): string => [...text].slice(0, max).join('');

function textMessage(body: string): KeptMessage {
  // No link previews: they cost data on a weak connection and fetch the page from Meta's side.
  return { type: 'text', text: { body, preview_url: false } };
}

/** Text parts first, the last one short enough to be the body the choices hang under. */
function splitBody(text: string, bodyMax: number): { before: string[]; body: string } {
  const parts = packText([text], WHATSAPP_LIMITS.text, codePoints);
  const last = parts.pop() ?? '';
  const tail = packText([last], bodyMax, codePoints);
  const body = tail.pop() ?? '';
  return { before: [...parts, ...tail], body };
}

/**
 * One bot message as WhatsApp messages: text over 4,096 code points in parts at sentence boundaries; suggested
 * actions as reply buttons (up to 3, titles up to 20) or, when the bot chose a list, as a list message (up to 10
 * rows of 24). Markdown is WhatsApp's own. A button's id is its title, so a tap reads exactly like the words typed. The bot has already fitted
 * the choices to these limits (src/bot/toActivity.ts); whatever still does not fit is cut, never refused.
 */
export function renderForWhatsApp(activity: Partial<Activity>, words: ListWords): KeptMessage[] {
  // The bot already wrote WhatsApp's dialect (toActivity); a staff member's message or an apology may still carry
  // CommonMark, and converting twice changes nothing.
  const text = toWhatsAppMarkdown(activity.text ?? '').trim();
  const titles = (activity.suggestedActions?.actions ?? []).map((a) => String(a.title ?? a.value ?? '')).filter(Boolean);
  if (titles.length === 0) return packText([text], WHATSAPP_LIMITS.text, codePoints).map(textMessage);

  if (readCaminoData(activity).choiceStyle === 'list' || titles.length > WHATSAPP_LIMITS.buttons) {
    const { before, body } = splitBody(text, WHATSAPP_LIMITS.listBody);
    const rows = titles.slice(0, WHATSAPP_LIMITS.listRows).map((title) => ({ id: cut(title, 200), title: cut(title, WHATSAPP_LIMITS.rowTitle) }));
    const list = {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: body || words.button },
        action: { button: cut(words.button, WHATSAPP_LIMITS.listButton), sections: [{ title: cut(words.section, WHATSAPP_LIMITS.sectionTitle), rows }] },
      },
    };
    return [...before.map(textMessage), list];
  }
  const { before, body } = splitBody(text, WHATSAPP_LIMITS.buttonBody);
  const buttons = titles.map((title) => ({ type: 'reply', reply: { id: cut(title, 256), title: cut(title, WHATSAPP_LIMITS.buttonTitle) } }));
  return [...before.map(textMessage), { type: 'interactive', interactive: { type: 'button', body: { text: body || words.button }, action: { buttons } } }];
}

/** The re-engagement template, in the person's language: the only kind of message allowed outside the window. */
export function templateMessage(name: string, languageCode: string): KeptMessage {
  return { type: 'template', template: { name, language: { code: languageCode } } };
}
