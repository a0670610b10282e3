import type { Locale } from '../content/cardSchema';
import type { FirmProfile } from '../firm/loadFirmProfile';
import { matchesCommand } from '../flow/matchCommand';
import type { CardPresenter } from '../flow/CardPresenter';
import { renderOfficeList } from '../flow/renderContact';
import type { Capabilities, OutChoice, OutMessage } from '../flow/types';
import type { Translator } from '../i18n/createTranslator';
import { detectLanguageCommand } from '../language/detectLanguage';
import { recognizeYesNo, type Vocabulary } from '../recognize/recognizeChoice';
import { detectSafety, type SafetyCategory, type SafetyTerms } from '../safety/detectSafety';
import { buildSummary } from './buildSummary';
import { chooseOffice } from './chooseOffice';
import { evaluateRules } from './evaluateRules';
import type { Question, ScreeningDefinition } from './loadScreening';
import { readContact } from './readContact';
import { SKIP, ScreeningView } from './ScreeningView';
import type { ContactField, ScreeningEffect, ScreeningEnd, ScreeningState, ScreeningTurn } from './types';

export interface ScreeningDeps {
  definition: ScreeningDefinition;
  /** Said in the consent step; the retention job purges after the same number of days (RETENTION_DAYS). */
  retentionDays: number;
  firm: FirmProfile;
  texts: Translator;
  vocabulary: Vocabulary;
  safetyTerms: SafetyTerms;
  cards: { contact: string; emergency: string; referral: string };
  presenter: CardPresenter;
  commands: { menu: string[]; deleteData: string[] };
}

const FREE_TEXT_LIMIT = 120;
const NEXT_FIELD: Record<ContactField, ContactField | undefined> = { reach: 'name', name: 'time', time: undefined };

/**
 * The screening as a pure state machine, like the guided flow: consent, the questions, the outcome by the
 * rules, the office card, then optional contact details. Storing the lead is left to the bot edge (effects).
 */
export class ScreeningEngine {
  private readonly view: ScreeningView;

  constructor(private readonly deps: ScreeningDeps) {
    this.view = new ScreeningView(deps);
  }

  start(leadId: string, channelId: string, locale: Locale, caps: Capabilities): ScreeningTurn {
    const state: ScreeningState = { leadId, channelId, step: { kind: 'consent' }, answers: {}, contact: {} };
    return this.show(state, locale, caps);
  }

  repeat(state: ScreeningState, locale: Locale, caps: Capabilities): ScreeningTurn {
    return this.show(state, locale, caps);
  }

  handle(state: ScreeningState, text: string, locale: Locale, caps: Capabilities): ScreeningTurn {
    const { safetyTerms, vocabulary, commands } = this.deps;
    const alerts = detectSafety(text, safetyTerms);
    if (alerts.length > 0) return this.interruptForSafety(state, alerts, text, locale, caps);
    const asked = detectLanguageCommand(text, vocabulary);
    if (asked && !this.answersCurrentQuestion(state, text)) {
      const shown = this.show(state, asked, caps, [this.view.say(asked, 'language.changed')]);
      return { ...shown, localeChanged: true };
    }
    if (matchesCommand(text, commands.deleteData)) return this.finish(state, locale, [], 'delete');
    if (matchesCommand(text, commands.menu)) return this.finish(state, locale, [], 'menu');
    const step = state.step;
    switch (step.kind) {
      case 'consent':
        return this.answerConsent(state, text, locale, caps);
      case 'question':
        return this.answerQuestion(state, step.index, text, locale, caps);
      case 'office':
        return this.answerOffice(state, text, locale, caps);
      case 'pickOffice':
        return this.answerPickOffice(state, text, locale, caps);
      case 'contact':
        return this.answerContact(state, step.field, text, locale, caps);
    }
  }

  private answerConsent(state: ScreeningState, text: string, locale: Locale, caps: Capabilities): ScreeningTurn {
    const agreed = recognizeYesNo(text, this.deps.vocabulary) ?? this.view.pick(this.view.choicesFor(state.step), text);
    if (agreed === true || agreed === 'yes') return this.show({ ...state, step: { kind: 'question', index: 0 } }, locale, caps);
    if (agreed === false || agreed === 'no') {
      const { firm, texts, cards, presenter, retentionDays } = this.deps;
      const messages: OutMessage[] = [
        this.view.say(locale, 'screening:consent.declined', { days: String(retentionDays) }),
        presenter.message(cards.contact, locale, caps),
        { text: renderOfficeList(firm, locale, texts, caps), tags: ['contact.offices'] },
      ];
      return this.finish(state, locale, messages, 'declined');
    }
    return this.show(state, locale, caps, [this.view.say(locale, 'screening:notUnderstood')]);
  }

  private answerQuestion(state: ScreeningState, index: number, text: string, locale: Locale, caps: Capabilities): ScreeningTurn {
    const question = this.deps.definition.questions[index];
    const value = this.readAnswer(question, text);
    if (value === undefined) return this.show(state, locale, caps, [this.view.say(locale, 'screening:notUnderstood')]);
    const answers = { ...state.answers };
    if (value !== SKIP) answers[question.id] = value;
    const next = { ...state, answers };
    if (index + 1 < this.deps.definition.questions.length) return this.show({ ...next, step: { kind: 'question', index: index + 1 } }, locale, caps);
    return this.conclude(next, locale, caps);
  }

  /** "Español" is an answer at the preferred-language question, and a request to switch anywhere else. */
  private answersCurrentQuestion(state: ScreeningState, text: string): boolean {
    const step = state.step;
    return step.kind === 'question' && this.readAnswer(this.deps.definition.questions[step.index], text, false) !== undefined;
  }

  private readAnswer(question: Question, text: string, allowFreeText = true): string | undefined {
    const values = Object.keys(question.options);
    if (values.length === 2 && values.includes('yes') && values.includes('no')) {
      const yesNo = recognizeYesNo(text, this.deps.vocabulary);
      if (yesNo !== undefined) return yesNo ? 'yes' : 'no';
    }
    return this.view.pick(this.view.questionChoices(question), text) ?? (allowFreeText && text.trim() ? question.freeText : undefined);
  }

  /** Every answer is in: the rules decide the outcome, an office is chosen, and the lead is stored. */
  private conclude(state: ScreeningState, locale: Locale, caps: Capabilities): ScreeningTurn {
    const { definition, firm, texts } = this.deps;
    const evaluation = evaluateRules(definition.rules, state.answers);
    const { officeId, wechatFirst } = chooseOffice(firm, definition, state.answers, locale);
    const next: ScreeningState = { ...state, evaluation, officeId, wechatFirst, step: { kind: 'office' } };
    const summary = buildSummary(texts, definition, evaluation, state.answers, { locale, channelId: state.channelId, officeName: this.view.office(next).name.en });
    const effect: ScreeningEffect = {
      kind: 'storeLead',
      lead: { id: state.leadId, locale, outcome: evaluation.outcome, reasons: evaluation.reasons, answers: state.answers, officeId, summary },
    };
    return { ...this.show(next, locale, caps, this.view.outcomeMessages(next, locale, caps)), effects: [effect] };
  }

  private answerOffice(state: ScreeningState, text: string, locale: Locale, caps: Capabilities): ScreeningTurn {
    const picked = this.view.pick(this.view.choicesFor(state.step), text);
    if (picked === 'leave') return this.show({ ...state, step: { kind: 'contact', field: 'reach' } }, locale, caps);
    if (picked === 'other') return this.show({ ...state, step: { kind: 'pickOffice' } }, locale, caps);
    if (picked === 'noThanks') return this.finish(state, locale, [this.view.say(locale, 'screening:office.bye')], 'done');
    return this.show(state, locale, caps, [this.view.say(locale, 'screening:notUnderstood')]);
  }

  private answerPickOffice(state: ScreeningState, text: string, locale: Locale, caps: Capabilities): ScreeningTurn {
    const officeId = this.view.pick(this.view.choicesFor(state.step), text);
    if (!officeId) return this.show(state, locale, caps, [this.view.say(locale, 'screening:notUnderstood')]);
    const next: ScreeningState = { ...state, officeId, step: { kind: 'office' } };
    return { ...this.show(next, locale, caps), effects: [{ kind: 'updateLead', leadId: state.leadId, patch: { officeId } }] };
  }

  private answerContact(state: ScreeningState, field: ContactField, text: string, locale: Locale, caps: Capabilities): ScreeningTurn {
    const skipped = this.view.pick([{ value: SKIP, label: 'screening:skip', synonyms: this.deps.definition.skipWords }], text) === SKIP;
    const contact = { ...state.contact };
    if (field === 'reach') {
      if (skipped) return this.finish(state, locale, [this.view.say(locale, 'screening:contact.none')], 'done');
      const reading = readContact(text, {
        defaultCountry: state.answers.location === 'mexico' ? 'MX' : 'US',
        expectWechat: locale === 'zh' || state.answers.channel === 'wechat',
      });
      if (reading.kind === 'invalid') return this.show(state, locale, caps, [this.view.say(locale, `screening:contact.invalid.${reading.problem}`)]);
      contact[reading.kind] = reading.value;
    } else if (!skipped) {
      contact[field === 'name' ? 'name' : 'bestTime'] = text.trim().slice(0, FREE_TEXT_LIMIT);
    }
    const following = NEXT_FIELD[field];
    const next: ScreeningState = { ...state, contact };
    if (following) return this.show({ ...next, step: { kind: 'contact', field: following } }, locale, caps);
    const office = this.view.office(next).name[locale];
    const turn = this.finish(next, locale, [this.view.say(locale, 'screening:contact.thanks', { office })], 'done');
    return { ...turn, effects: [{ kind: 'updateLead', leadId: state.leadId, patch: { contact } }] };
  }

  /**
   * Danger, detention, a hearing or a removal order mentioned during the screening: emergency numbers at once,
   * and the case is flagged urgent by the rules. An answer to the current question in the same message counts.
   */
  private interruptForSafety(state: ScreeningState, alerts: SafetyCategory[], text: string, locale: Locale, caps: Capabilities): ScreeningTurn {
    const { presenter, texts, firm, cards, definition } = this.deps;
    const answered = this.answersCurrentQuestion(state, text);
    // An answer in the same message ("a family member is detained" at the urgency question) says it better than the alert.
    const flags = flagsFor(alerts);
    if (answered) delete flags.alert;
    const answers = { ...state.answers, ...flags };
    const next: ScreeningState = { ...state, answers };
    const pre: OutMessage[] = [
      presenter.message(cards.emergency, locale, caps),
      { text: renderOfficeList(firm, locale, texts, caps), tags: ['contact.offices'] },
    ];
    const step = state.step;
    if (step.kind === 'question' && answered) {
      const turn = this.answerQuestion(next, step.index, text, locale, caps);
      return { ...turn, messages: [...pre, ...turn.messages] };
    }
    const turn = this.show(next, locale, caps, pre);
    if (!state.evaluation) return turn;
    const evaluation = evaluateRules(definition.rules, answers);
    const summary = buildSummary(texts, definition, evaluation, answers, { locale, channelId: state.channelId, officeName: this.view.office(next).name.en });
    return { ...turn, state: { ...turn.state, evaluation }, effects: [{ kind: 'updateLead', leadId: state.leadId, patch: { evaluation, summary } }] };
  }

  private finish(state: ScreeningState, locale: Locale, messages: OutMessage[], end: ScreeningEnd): ScreeningTurn {
    const last = messages.at(-1);
    if (last) messages[messages.length - 1] = { ...last, choices: [{ value: 'menu', label: this.deps.texts.t(locale, 'nav.menu') }] };
    return { state, messages, locale, localeChanged: false, effects: [], end };
  }

  private show(state: ScreeningState, locale: Locale, caps: Capabilities, before: OutMessage[] = []): ScreeningTurn {
    const prompt = this.view.promptFor(state, locale, caps);
    const choices: OutChoice[] = this.view.choicesFor(state.step).map((c) => ({ value: c.value, label: this.view.labelOf(c, locale) }));
    const last = prompt[prompt.length - 1];
    prompt[prompt.length - 1] = { ...last, choices };
    return { state, messages: [...before, ...prompt], locale, localeChanged: false, effects: [] };
  }

}

const ALERTS: Partial<Record<SafetyCategory, string>> = { detention: 'detention', hearing: 'hearing', 'removal-order': 'removalOrder' };

/** Derived answers the rules read (see DERIVED_ANSWERS): `danger` for danger, violence or trafficking; `alert` for the rest. */
function flagsFor(alerts: SafetyCategory[]): Record<string, string> {
  const flags: Record<string, string> = {};
  if (alerts.some((a) => a === 'danger' || a === 'violence' || a === 'trafficking')) flags.danger = 'yes';
  const alert = alerts.map((a) => ALERTS[a]).find((a) => a !== undefined);
  if (alert) flags.alert = alert;
  return flags;
}
