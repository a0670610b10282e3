/** WeChat refuses text messages over about 2,048 bytes of UTF-8 (error 45002). */
export const WECHAT_MAX_TEXT_BYTES = 2048;

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Plain text for WeChat: markdown emphasis dropped, links as the `<a href>` WeChat shows as links. */
export function toWechatText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(((?:https?|tel):[^)\s]+)\)/g, (_m, label: string, url: string) => (url.startsWith('tel:') ? label : `<a href="${url}">${label}</a>`))
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|\s)_([^_\n]+)_(?=\s|$)/g, '$1$2')
    .replace(/ {2}\n/g, '\n');
}

/** Sentences end with Chinese or Latin end punctuation, or a line break. */
function sentences(paragraph: string): string[] {
  return paragraph.match(/[^。！？!?.\n]+(?:[。！？!?]+|\.(?=\s|$)|\n|$)\s*/g) ?? [paragraph];
}

/** Cuts a piece that is too long on its own at code-point boundaries. */
function hardSplit(piece: string, max: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const ch of piece) {
    if (bytes(current + ch) > max) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  if (current) parts.push(current);
  return parts;
}

/**
 * Joins a turn's messages into as few WeChat texts as fit, each under the byte limit, breaking between
 * paragraphs, else between sentences, and only as a last resort inside one.
 */
export function packForWechat(messages: readonly string[], max = WECHAT_MAX_TEXT_BYTES): string[] {
  // Each piece carries what joins it to the one before: a blank line between paragraphs, nothing inside one.
  const pieces: Array<{ text: string; join: string }> = [];
  for (const paragraph of messages.flatMap((m) => m.split(/\n{2,}/)).map((p) => p.trim()).filter(Boolean)) {
    const parts = bytes(paragraph) <= max ? [paragraph] : sentences(paragraph).flatMap((s) => (bytes(s) <= max ? [s] : hardSplit(s, max)));
    parts.forEach((text, i) => pieces.push({ text, join: i === 0 ? '\n\n' : '' }));
  }
  const out: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const joined = current ? `${current}${piece.join}${piece.text}` : piece.text;
    if (bytes(joined.trimEnd()) <= max) current = joined;
    else {
      out.push(current.trim());
      current = piece.text;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
