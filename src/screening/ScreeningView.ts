import { LOCALES, type Locale } from '../content/cardSchema';
import type { Office } from '../firm/loadFirmProfile';
import type { Capabilities, OutMessage } from '../flow/types';
import { recognizeChoice } from '../recognize/recognizeChoice';
import type { Question } from './loadScreening';
import { renderOfficeCard } from './renderOfficeCard';
import { extraLinesFor } from './chooseOffice';
import type { ScreeningDeps } from './ScreeningEngine';
import type { ScreeningState, ScreeningStep } from './types';

export interface Choice {
  value: string;
  /** An i18next key for the label, or the label in every language. */
  label: string | Record<Locale, string>;
  synonyms?: string[];
}

export const SKIP = 'skip';

/** What each screening step says and offers, and which offered choice a message picks. */
export class ScreeningView {
  constructor(private readonly deps: ScreeningDeps) {}

  outcomeMessages(state: ScreeningState, locale: Locale, caps: Capabilities): OutMessage[] {
    const evaluation = state.evaluation;
    if (!evaluation) return [];
    const reasons = evaluation.reasons.map((r) => `${caps.markdown ? '- ' : '• '}${this.deps.texts.t(locale, `screening:reason.${r}`)}`).join('\n');
    const messages = [this.say(locale, `screening:outcome.${evaluation.outcome}`), { text: reasons, tags: evaluation.reasons.map((r) => `screening:reason.${r}`) }];
    if (evaluation.outcome === 'refer') {
      const card = this.deps.cards.referral;
      messages.push(this.deps.presenter.message(card, locale, caps));
    }
    return messages;
  }

  promptFor(state: ScreeningState, locale: Locale, caps: Capabilities): OutMessage[] {
    const step = state.step;
    switch (step.kind) {
      case 'consent':
        return [this.say(locale, this.deps.firm.disclaimers.consent, { days: String(this.deps.retentionDays) })];
      case 'question': {
        const q = this.deps.definition.questions[step.index];
        const progress = `${step.index + 1}/${this.deps.definition.questions.length}`;
        return [{ text: this.deps.texts.t(locale, `screening:q.${q.id}.prompt`, { progress }), tags: [`screening:q.${q.id}.prompt`] }];
      }
      case 'office': {
        const card = renderOfficeCard(this.deps.firm, this.office(state), locale, this.deps.texts, caps, {
          wechatFirst: state.wechatFirst === true,
          abroad: state.answers.location === 'mexico' || state.answers.location === 'elsewhere',
          extraLines: extraLinesFor(this.deps.firm, state.answers),
        });
        return [{ text: card, tags: [`screening:office.card`, `office:${this.office(state).id}`] }, this.say(locale, 'screening:office.prompt')];
      }
      case 'pickOffice':
        return [this.say(locale, 'screening:office.pick')];
      case 'contact':
        return [this.say(locale, `screening:contact.ask.${step.field}`)];
    }
  }

  choicesFor(step: ScreeningStep): Choice[] {
    const skip: Choice = { value: SKIP, label: 'screening:skip', synonyms: this.deps.definition.skipWords };
    switch (step.kind) {
      case 'consent':
        return [
          { value: 'yes', label: 'screening:consent.yes' },
          { value: 'no', label: 'screening:consent.no' },
        ];
      case 'question':
        return this.questionChoices(this.deps.definition.questions[step.index]);
      case 'office':
        return [
          { value: 'leave', label: 'screening:office.leaveContact' },
          { value: 'other', label: 'screening:office.other' },
          { value: 'noThanks', label: 'screening:office.noThanks' },
        ];
      case 'pickOffice':
        return this.deps.firm.offices.filter((o) => !o.extraLine).map((o) => ({ value: o.id, label: o.name }));
      case 'contact':
        return [skip];
    }
  }

  questionChoices(question: Question): Choice[] {
    const options = Object.entries(question.options).map(([value, synonyms]) => ({ value, label: `screening:q.${question.id}.${value}`, synonyms }));
    return [...options, { value: SKIP, label: 'screening:skip', synonyms: this.deps.definition.skipWords }];
  }

  /** The choice a message picks, by number, label in any language, or synonym. */
  pick(choices: Choice[], text: string): string | undefined {
    const specs = choices.map((c) => ({
      value: c.value,
      synonyms: [...new Set([...LOCALES.map((l) => this.labelOf(c, l)), ...(c.synonyms ?? [])])],
    }));
    return recognizeChoice(text, specs, this.deps.vocabulary)?.value;
  }

  labelOf(choice: Choice, locale: Locale): string {
    return typeof choice.label === 'string' ? this.deps.texts.t(locale, choice.label) : choice.label[locale];
  }

  office(state: ScreeningState): Office {
    return this.deps.firm.offices.find((o) => o.id === state.officeId) ?? this.deps.firm.offices[0];
  }

  say(locale: Locale, key: string, vars?: Record<string, string>): OutMessage {
    return { text: this.deps.texts.t(locale, key, vars), tags: [key] };
  }
}
