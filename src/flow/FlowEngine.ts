import { foldText } from '../language/foldText';
import { isLocale, LOCALES, type Locale } from '../content/cardSchema';
import type { ContentLibrary } from '../content/loadCards';
import type { FirmProfile } from '../firm/loadFirmProfile';
import type { Translator } from '../i18n/createTranslator';
import { detectLanguageCommand } from '../language/detectLanguage';
import { recognizeChoice, recognizeYesNo, type Vocabulary } from '../recognize/recognizeChoice';
import type { Retriever } from '../retrieval/Retriever';
import type { ScreeningDefinition } from '../screening/loadScreening';
import { detectSafety, type SafetyTerms } from '../safety/detectSafety';
import type { Flows } from './loadFlows';
import { matchesCommand } from './matchCommand';
import { FlowView } from './FlowView';
import type { CardPresenter } from './CardPresenter';
import { cardShownAt, nextNode, nodeForCard } from './navigation';
import { formatDate } from './renderCard';
import type { Capabilities, FlowNode, FlowState, FlowTurn, GroundedAnswer, OutChoice, OutMessage } from './types';

/**
 * A choice's words covering about two thirds of the message or more ("Obtener ayuda de un abogado" for the label
 * "Ayuda de un abogado") is a pick, whatever card the retriever likes; a choice only mentioned in a longer
 * question is weighed against the retriever (see isBetterAnsweredAsQuestion).
 */
const CLEAR_PICK_SCORE = 0.8;

/** "Hola" or "你好！" on its own; "hola, necesito ayuda" is a request and goes on to be understood. */
function isOnlyGreeting(text: string, greetings: readonly string[]): boolean {
  const message = foldText(text);
  return message !== '' && greetings.some((greeting) => foldText(greeting) === message);
}

export interface FlowDeps {
  flows: Flows;
  content: ContentLibrary;
  firm: FirmProfile;
  texts: Translator;
  retriever: Retriever;
  vocabulary: Vocabulary;
  safetyTerms: SafetyTerms;
  screening: ScreeningDefinition;
  /** Renders cards with their review state and timelines, against the injected clock. */
  presenter: CardPresenter;
}

/** Menu values that lead to an attorney: they start the screening. */
const SCREENING_VALUES = new Set(['help', 'person']);

const BARE_NUMBER = /^\s*[#＃]?[0-9０-９]+\s*[.)]?\s*$/u;

/** More words than this (a Chinese character counting half) make a message a sentence rather than a pick. */
const SENTENCE_WORDS = 3;

export function initialFlowState(): FlowState {
  return { node: { kind: 'menu' }, noticed: [] };
}

/**
 * The guided conversation as a pure state machine: text in, messages and the next state out.
 * It knows nothing of botbuilder or of channels; the bot edge stores the state and sends the messages.
 */
export class FlowEngine {
  private readonly view: FlowView;

  constructor(private readonly deps: FlowDeps) {
    this.view = new FlowView(deps);
  }

  /**
   * The welcome: who the bot is and is not, then the main menu, or, when the first thing the person wrote
   * was a question, its answer.
   */
  greet(locale: Locale, caps: Capabilities, firstText?: string): FlowTurn {
    const start = initialFlowState();
    const turn = firstText?.trim()
      ? this.handle(start, firstText, locale, caps, { firstTurn: true })
      : this.show(start, { kind: 'menu' }, locale, caps);
    return this.withIntro(turn);
  }

  /** The welcome lines before a turn (the first turn of a conversation). */
  withIntro(turn: FlowTurn): FlowTurn {
    const { texts, firm } = this.deps;
    const intro: OutMessage[] = [
      { text: texts.t(turn.locale, firm.disclaimers.greeting, { firm: firm.name }), tags: [firm.disclaimers.greeting] },
      { text: texts.t(turn.locale, 'greeting.tips'), tags: ['greeting.tips'] },
    ];
    return { ...turn, messages: [...intro, ...turn.messages] };
  }

  /** Shows the current step again, for instance after a language change or a restart. */
  repeat(state: FlowState, locale: Locale, caps: Capabilities): FlowTurn {
    return this.show(state, state.node, locale, caps);
  }

  /** A channel's own menu (WeChat's bottom menu) opens a main-menu item from any step. */
  openMenuItem(state: FlowState, itemId: string, locale: Locale, caps: Capabilities): FlowTurn {
    const item = this.deps.flows.mainMenu.find((m) => m.id === itemId);
    if (!item) return this.show(state, { kind: 'menu' }, locale, caps);
    if (SCREENING_VALUES.has(item.action ?? item.id)) return startScreening(state, locale);
    return this.show(state, nextNode(this.deps.flows, { kind: 'menu' }, item.action ?? item.id), locale, caps);
  }

  handle(state: FlowState, text: string, locale: Locale, caps: Capabilities, options: { firstTurn?: boolean } = {}): FlowTurn {
    const { flows, safetyTerms, vocabulary } = this.deps;
    const node = state.node;
    if (detectSafety(text, safetyTerms).length > 0) {
      const resume = node.kind === 'safety' ? node.resume : node;
      return this.show(state, { kind: 'safety', resume }, locale, caps);
    }
    const asked = detectLanguageCommand(text, vocabulary);
    if (asked) return this.switchLanguage(state, node.kind === 'language' ? { kind: 'menu' } : node, asked, caps);
    if (matchesCommand(text, this.deps.screening.deleteData)) return this.askDelete(state, locale, caps);
    if (matchesCommand(text, flows.commands.menu) || isOnlyGreeting(text, flows.commands.greetings)) return this.show(state, { kind: 'menu' }, locale, caps);
    if (node.kind === 'confirmDelete') return this.answerDelete(state, node, text, locale, caps);

    const picked = this.pickChoice(node, text);
    if (picked) return this.choose(state, picked, locale, caps);
    const item = node.kind === 'menu' ? undefined : this.mainMenuItemNamed(text);
    if (item) return this.openMenuItem(state, item, locale, caps);
    // A number that picks none of the choices shown is not a question: searching "9" finds whichever card has a 9 in it.
    if (BARE_NUMBER.test(text)) return this.show(state, { kind: 'notFound' }, locale, caps);
    return this.answerFreeText(state, text, locale, caps, options.firstTurn === true);
  }

  /**
   * Whether `handle` would treat the text as a question for the content (not danger, a command or a choice):
   * the bot edge may then ask a language model first, and fall back to `handle`.
   */
  isQuestion(state: FlowState, text: string, options: { sentencesAreQuestions?: boolean } = {}): boolean {
    const { flows, safetyTerms, vocabulary, screening } = this.deps;
    if (!text.trim() || detectSafety(text, safetyTerms).length > 0 || detectLanguageCommand(text, vocabulary)) return false;
    if (matchesCommand(text, screening.deleteData) || matchesCommand(text, flows.commands.menu) || isOnlyGreeting(text, flows.commands.greetings)) return false;
    if (state.node.kind === 'confirmDelete' || BARE_NUMBER.test(text)) return false;
    if (state.node.kind !== 'menu' && this.mainMenuItemNamed(text)) return false;
    if (!options.sentencesAreQuestions) return this.pickChoice(state.node, text) === undefined;
    // With a model to read it, a sentence that only mentions a choice ("can he still ask for asylum?") is a question.
    const choices = this.view.choicesFor(state.node);
    const picked = recognizeChoice(text, choices.map((c) => ({ value: c.value, synonyms: this.view.synonymsFor(c) })), vocabulary);
    return !picked || (picked.score < 1 && text.trim().split(/\s+/).length + [...text.matchAll(/\p{Script=Han}/gu)].length / 2 > SENTENCE_WORDS);
  }

  /**
   * A model's answer, already checked by the guard rails: its text, the cards it rests on with their dates,
   * the not-legal-advice line, and the same choices as a card answer (more on the topic, a person, the menu).
   */
  showGroundedAnswer(state: FlowState, answer: GroundedAnswer, locale: Locale, caps: Capabilities): FlowTurn {
    const { texts, content, presenter } = this.deps;
    const node = nodeForCard(this.deps.flows, answer.cardIds[0], state.node);
    if (node.kind !== 'answer') return this.show(state, node, locale, caps);
    const shown = this.show(state, node, locale, caps);
    const sources = answer.cardIds
      .map((id) => content.get(id, locale))
      .map((card) => texts.t(locale, 'llm.source', { title: card.title, date: formatDate(card.asOf, locale) }))
      .join('; ');
    const footer = `${texts.t(locale, 'llm.basedOn', { list: sources })}\n${texts.t(locale, 'llm.notAdvice')}`;
    const overdue = presenter.overdueLines(answer.cardIds, locale, caps);
    const body: OutMessage = {
      text: [answer.text.trim(), caps.markdown ? `_${footer.replace('\n', '_  \n_')}_` : footer, ...overdue].join('\n\n'),
      tags: ['llm.answer', ...answer.cardIds.map((id) => `card:${id}`)],
      shown: answer.cardIds.map((id) => presenter.shownCard(id, locale)),
    };
    const attorney: OutMessage[] = answer.needsAttorney ? [{ text: texts.t(locale, 'llm.attorney'), tags: ['llm.attorney'] }] : [];
    // The card itself is replaced by the model's text; the policy notice and the prompt with its choices stay.
    return { ...shown, messages: [body, ...attorney, ...shown.messages.slice(1)] };
  }

  /** The safety answer (emergency card, offices, choices), as when danger words are detected. */
  showSafety(state: FlowState, locale: Locale, caps: Capabilities): FlowTurn {
    const node = state.node;
    return this.show(state, { kind: 'safety', resume: node.kind === 'safety' ? node.resume : node }, locale, caps);
  }

  /** The value of a choice the text picks at this step, unless it reads better as a question about another card. */
  private pickChoice(node: FlowNode, text: string): string | undefined {
    const choices = this.view.choicesFor(node);
    const picked = recognizeChoice(text, choices.map((c) => ({ value: c.value, synonyms: this.view.synonymsFor(c) })), this.deps.vocabulary);
    if (picked && (picked.score >= CLEAR_PICK_SCORE || !this.isBetterAnsweredAsQuestion(node, picked.value, text))) return picked.value;
    return undefined;
  }

  /** "Delete my data", from any step: ask first, since it cannot be undone. */
  askDelete(state: FlowState, locale: Locale, caps: Capabilities): FlowTurn {
    const node = state.node;
    const resume = node.kind === 'confirmDelete' ? node.resume : node;
    return this.show(state, { kind: 'confirmDelete', resume }, locale, caps);
  }

  private answerDelete(state: FlowState, node: Extract<FlowNode, { kind: 'confirmDelete' }>, text: string, locale: Locale, caps: Capabilities): FlowTurn {
    const picked = recognizeYesNo(text, this.deps.vocabulary) ?? this.pickValue(node, text);
    if (picked === true || picked === 'yes') {
      const done = this.show(initialFlowState(), { kind: 'menu' }, locale, caps);
      const said: OutMessage = { text: this.deps.texts.t(locale, 'screening:delete.done'), tags: ['screening:delete.done'] };
      return { ...done, messages: [said, ...done.messages], eraseData: true };
    }
    if (picked === false || picked === 'no') {
      const kept = this.show(state, node.resume, locale, caps);
      const said: OutMessage = { text: this.deps.texts.t(locale, 'screening:delete.kept'), tags: ['screening:delete.kept'] };
      return { ...kept, messages: [said, ...kept.messages] };
    }
    return this.show(state, state.node, locale, caps);
  }

  private pickValue(node: FlowNode, text: string): string | undefined {
    const choices = this.view.choicesFor(node);
    return recognizeChoice(text, choices.map((c) => ({ value: c.value, synonyms: this.view.synonymsFor(c) })), this.deps.vocabulary)?.value;
  }

  /**
   * A main-menu item's label typed at another step ("Get help from an attorney" after the contact card): people
   * repeat the words they saw on the menu and expect them to work anywhere. Keywords ("asylum") and numbers do not
   * count here: at other steps they are questions or pick that step's own buttons.
   */
  private mainMenuItemNamed(text: string): string | undefined {
    const items = this.view.choicesFor({ kind: 'menu' });
    const labels = items.map((c) => ({ value: c.value, synonyms: LOCALES.map((l) => this.view.labelOf(c, l)) }));
    const picked = recognizeChoice(text, labels, this.deps.vocabulary);
    if (!picked || picked.score < CLEAR_PICK_SCORE || /\d/.test(text)) return undefined;
    return this.deps.flows.mainMenu.find((m) => (m.action ?? m.id) === picked.value || m.id === picked.value)?.id;
  }

  /** Where the guided conversation goes when a screening ends; `done` and `declined` already showed the office. */
  afterScreening(state: FlowState, end: 'done' | 'declined' | 'menu' | 'delete', locale: Locale, caps: Capabilities): FlowTurn {
    if (end === 'delete') return this.askDelete({ ...state, node: { kind: 'menu' } }, locale, caps);
    if (end === 'menu') return this.show(state, { kind: 'menu' }, locale, caps);
    return { state: { ...state, node: { kind: 'contact', reason: 'contact' } }, messages: [], locale, localeChanged: false };
  }

  /**
   * A choice only mentioned inside a sentence ("cuánto tiempo tengo para pedir asilo" mentions the asylum
   * topic) gives way to a confident answer about another card: the person asked a question.
   */
  private isBetterAnsweredAsQuestion(node: FlowNode, value: string, text: string): boolean {
    const result = this.deps.retriever.search(text, { limit: 1 });
    if (result.kind !== 'confident') return false;
    return this.cardShownAt(nextNode(this.deps.flows, node, value)) !== result.matches[0].id;
  }

  /** The content card a person sees at a step, if the step shows one. */
  cardShownAt(node: FlowNode): string | undefined {
    return cardShownAt(this.deps.flows, node);
  }

  private switchLanguage(state: FlowState, node: FlowNode, locale: Locale, caps: Capabilities): FlowTurn {
    const shown = this.show(state, node, locale, caps);
    const notice: OutMessage = { text: this.deps.texts.t(locale, 'language.changed'), tags: ['language.changed'] };
    return { ...shown, messages: [notice, ...shown.messages], localeChanged: true };
  }

  private choose(state: FlowState, value: string, locale: Locale, caps: Capabilities): FlowTurn {
    const node = state.node;
    if (isLocale(value) && node.kind === 'language') return this.switchLanguage(state, { kind: 'menu' }, value, caps);
    if (SCREENING_VALUES.has(value)) return startScreening(state, locale);
    return this.show(state, nextNode(this.deps.flows, node, value), locale, caps);
  }

  private answerFreeText(state: FlowState, text: string, locale: Locale, caps: Capabilities, firstTurn: boolean): FlowTurn {
    const result = this.deps.retriever.search(text, { limit: 3 });
    if (result.kind === 'confident') return this.show(state, nodeForCard(this.deps.flows, result.matches[0].id, state.node), locale, caps);
    if (result.kind === 'weak') return this.show(state, { kind: 'suggest', cards: result.matches.map((m) => m.id) }, locale, caps);
    return this.show(state, firstTurn ? { kind: 'menu' } : { kind: 'notFound' }, locale, caps);
  }

  private show(state: FlowState, node: FlowNode, locale: Locale, caps: Capabilities): FlowTurn {
    const noticed = [...state.noticed];
    const messages = this.view.messagesFor(node, locale, caps, noticed);
    const choices: OutChoice[] = this.view.choicesFor(node).map((c) => ({ value: c.value, label: this.view.labelOf(c, locale, !caps.buttons) }));
    const last = messages[messages.length - 1];
    messages[messages.length - 1] = { ...last, choices };
    return { state: { node, noticed }, messages, locale, localeChanged: false };
  }

}

function startScreening(state: FlowState, locale: Locale): FlowTurn {
  return { state, messages: [], locale, localeChanged: false, startScreening: true };
}
