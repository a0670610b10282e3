import type { TurnContext } from 'botbuilder';
import type { ContentLibrary } from '../content/loadCards';
import type { FlowEngine } from '../flow/FlowEngine';
import type { FlowState, FlowTurn } from '../flow/types';
import type { Translator } from '../i18n/createTranslator';
import type { ContextTurn, Llm } from '../llm';
import type { Retriever } from '../retrieval/Retriever';
import { toActivity } from './toActivity';
import type { TurnInfo } from './turnInfo';

/** How many cards the model sees: the retriever's best few. */
const CONTEXT_CARDS = 3;

export interface GroundedTurn {
  turn: FlowTurn;
  /** What to remember for the next question's context. */
  history: ContextTurn[];
  cards: string[];
}

/**
 * Free text that the flow would answer from the content goes to the language model first, with the
 * retriever's best cards; anything short of an answer that passed the guard rails gives the flow's own
 * answer (with a short note when the model failed). The flow engine stays pure: this is the bot edge.
 */
export class GroundedAnswers {
  constructor(
    private readonly llm: Llm,
    private readonly deps: { engine: FlowEngine; retriever: Retriever; content: ContentLibrary; texts: Translator },
  ) {}

  /** `firstTurn`: the conversation opens with this text (a greeting that is no question gets the menu). */
  async answer(
    context: TurnContext,
    request: { state: FlowState; text: string; firstTurn: boolean },
    info: TurnInfo,
    memory: { history: ContextTurn[]; cards: string[] },
  ): Promise<GroundedTurn> {
    const { state, text, firstTurn } = request;
    const { engine, retriever, content, texts } = this.deps;
    const { locale, caps } = info;
    const found = retriever.search(text, { limit: CONTEXT_CARDS }).matches.map((m) => m.id);
    // A follow-up ("and for Cubans?") may name nothing the cards share with it: keep the last answer's cards.
    const ids = [...new Set([...found, ...memory.cards])].slice(0, CONTEXT_CARDS + 1);
    const fallback = (note: boolean): GroundedTurn => {
      const turn = engine.handle(state, text, locale, caps, { firstTurn });
      const shown = turn.messages.find((m) => m.tags.some((t) => t.startsWith('card:')));
      const cards = turn.messages.flatMap((m) => m.tags.filter((t) => t.startsWith('card:')).map((t) => t.slice(5)));
      const said = shown ? content.get(cards[0], locale).title : '';
      const notice = { text: texts.t(locale, 'llm.unavailable'), tags: ['llm.unavailable'] };
      return {
        turn: note && shown ? { ...turn, messages: [notice, ...turn.messages] } : turn,
        history: shown ? remember(memory.history, text, said) : memory.history,
        cards: cards.length > 0 ? cards : memory.cards,
      };
    };
    if (ids.length === 0) return fallback(false);

    await context.sendActivity({ type: 'typing' });
    // Channels without a typing indicator (WeChat) see a line first; the adapter sends it while the model works.
    if (!caps.typing) await context.sendActivity(toActivity({ text: texts.t(locale, 'llm.wait'), tags: ['llm.wait'] }, locale, caps));
    const result = await this.llm.answer({ question: text, locale, history: memory.history, cards: ids.map((id) => content.get(id, locale)) });
    if (!result.ok) return fallback(true);
    const answer = result.value;
    if (answer.safetyConcern) return { turn: engine.showSafety(state, locale, caps), history: memory.history, cards: memory.cards };
    if (answer.outOfScope) return fallback(false);
    const turn = engine.showGroundedAnswer(state, { text: answer.answer, cardIds: answer.cardIds, needsAttorney: answer.needsAttorney }, locale, caps);
    return { turn, history: remember(memory.history, text, answer.answer), cards: answer.cardIds };
  }
}

function remember(history: readonly ContextTurn[], question: string, reply: string): ContextTurn[] {
  const next: ContextTurn[] = [...history, { from: 'user', text: question }];
  if (reply) next.push({ from: 'bot', text: reply });
  return next.slice(-6);
}
