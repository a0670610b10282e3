/** How a channel measures a text against its limit: UTF-8 bytes (WeChat) or code points (WhatsApp). */
export type TextMeasure = (text: string) => number;

export const utf8Bytes: TextMeasure = (text) => Buffer.byteLength(text, 'utf8');
export const codePoints: TextMeasure = (text) => [...text].length;

/** Sentences end with Chinese or Latin end punctuation, or a line break. */
function sentences(paragraph: string): string[] {
  return paragraph.match(/[^。！？!?.\n]+(?:[。！？!?]+|\.(?=\s|$)|\n|$)\s*/g) ?? [paragraph];
}

/** Cuts a piece that is too long on its own at code-point boundaries. */
function hardSplit(piece: string, max: number, measure: TextMeasure): string[] {
  const parts: string[] = [];
  let current = '';
  for (const ch of piece) {
    if (current && measure(current + ch) > max) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  if (current) parts.push(current);
  return parts;
}

/**
 * Joins messages into as few texts as fit, each within `max` by `measure`, breaking between paragraphs, else
 * between sentences, and only as a last resort inside one. One long message in gives its parts out.
 */
export function packText(messages: readonly string[], max: number, measure: TextMeasure): string[] {
  // Each piece carries what joins it to the one before: a blank line between paragraphs, nothing inside one.
  const pieces: Array<{ text: string; join: string }> = [];
  for (const paragraph of messages.flatMap((m) => m.split(/\n{2,}/)).map((p) => p.trim()).filter(Boolean)) {
    const parts = measure(paragraph) <= max ? [paragraph] : sentences(paragraph).flatMap((s) => (measure(s) <= max ? [s] : hardSplit(s, max, measure)));
    parts.forEach((text, i) => pieces.push({ text, join: i === 0 ? '\n\n' : '' }));
  }
  const out: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const joined = current ? `${current}${piece.join}${piece.text}` : piece.text;
    if (measure(joined.trimEnd()) <= max) current = joined;
    else {
      if (current.trim()) out.push(current.trim());
      current = piece.text;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
