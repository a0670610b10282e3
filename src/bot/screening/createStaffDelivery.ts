import type { Locale } from '../../content/cardSchema';
import type { ProactiveDelivery } from '../../handoff/HandoffService';
import type { Translator } from '../../i18n/createTranslator';
import type { BotRuntime } from '../createBotRuntime';
import { localeTag } from '../toActivity';

/** Staff messages reach the person through the runtime's proactive path, on the adapter of their channel. */
export function createStaffDelivery(runtime: Pick<BotRuntime, 'continueConversation'>, texts: Translator): ProactiveDelivery {
  return async (handoff, locale, message) => {
    const lang: Locale = locale === 'es' || locale === 'zh' ? locale : 'en';
    const text = message.kind === 'staff' ? message.text : texts.t(lang, 'screening:live.ended');
    const tag = message.kind === 'staff' ? 'staff.message' : 'screening:live.ended';
    await runtime.continueConversation(handoff.reference, async (context) => {
      await context.sendActivity({ type: 'message', text, locale: localeTag(lang), channelData: { camino: { tags: [tag], staff: message.kind === 'staff' } } });
    });
  };
}
