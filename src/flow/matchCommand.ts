import { containsPhrase } from '../language/containsPhrase';
import { containsHan, foldText } from '../language/foldText';

const SHORT_WORDS = 4;
const SHORT_HAN = 8;

/**
 * True when the message is one of the phrases, or a short message that contains one ("volver al menú
 * por favor", "请回到菜单"); a long sentence that merely mentions a phrase is a question, not a command.
 */
export function matchesCommand(text: string, phrases: readonly string[]): boolean {
  const message = foldText(text);
  if (!message) return false;
  const isShort = containsHan(message) ? message.replace(/\s/g, '').length <= SHORT_HAN : message.split(' ').length <= SHORT_WORDS;
  return phrases.some((phrase) => {
    const folded = foldText(phrase);
    if (!folded) return false;
    return message === folded || (isShort && containsPhrase(message, folded));
  });
}
