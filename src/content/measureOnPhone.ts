import type { ContentSettings } from './loadContentSettings';

/** Han, kana, Hangul and full-width forms take about twice the width of a Latin letter. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** How many lines a text fills on the phone screen the settings describe: each paragraph line wraps on its own. */
export function phoneLinesOf(text: string, phone: ContentSettings['phone']): number {
  let lines = 0;
  for (const line of text.split('\n')) {
    let width = 0;
    for (const char of line) width += WIDE.test(char) ? 1 / phone.lineChars.cjk : 1 / phone.lineChars.latin;
    lines += Math.max(1, Math.ceil(width - 1e-9));
  }
  return lines;
}

/** The most lines a message may fill: what the phone shows with at most one scroll. */
export function phoneLineLimit(phone: ContentSettings['phone']): number {
  return phone.screenLines * phone.screens;
}
