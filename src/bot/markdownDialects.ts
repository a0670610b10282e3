import { formatPhoneInternational } from '../firm/formatPhone';
import type { MarkdownDialect } from '../flow/types';

/** The flow writes CommonMark for every channel with markdown; this turns it into the channel's own dialect. */
export function toDialect(text: string, dialect: MarkdownDialect | undefined): string {
  return dialect === 'whatsapp' ? toWhatsAppMarkdown(text) : text;
}

/** A `tel:` link as WhatsApp makes it tappable: the number in full international form (+1 626 795 6777). */
function phoneText(label: string, e164: string): string {
  const shown = formatPhoneInternational(e164);
  const labelDigits = label.replace(/\D/g, '');
  return labelDigits.length > 0 && e164.endsWith(labelDigits) ? shown : `${label} ${shown}`;
}

/**
 * WhatsApp's formatting: `*bold*`, `_italic_`, `- ` lists; no links (it links bare URLs and numbers itself) and no
 * headings. A `**` left over (from a model's answer) is dropped rather than shown.
 */
export function toWhatsAppMarkdown(markdown: string): string {
  return markdown
    .replace(/\[([^\]\n]+)\]\(tel:(\+\d{6,15})\)/g, (_m, label: string, e164: string) => phoneText(label, e164))
    .replace(/\[([^\]\n]+)\]\(((?:https?|mailto):[^)\s]+)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/\*\*([^*\n]+)\*\*/g, '*$1*')
    .replace(/__([^_\n]+)__/g, '*$1*')
    .replace(/^#{1,6}[ \t]+(.+)$/gm, '*$1*')
    .replace(/\*\*/g, '')
    .replace(/ {2}\n/g, '\n');
}
