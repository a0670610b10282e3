import { LOCALES, type Locale } from '../content/cardSchema';
import type { TimelineLineRef } from './CardPresenter';
import { renderOfficeList } from './renderContact';
import type { FlowDeps } from './FlowEngine';
import { topicOf } from './navigation';
import type { Capabilities, FlowNode, OutMessage } from './types';

export interface ChoiceDef {
  value: string;
  /** An i18next key, or a card whose title is the label. */
  labelKey?: string;
  card?: string;
  fixedLabel?: string;
  /** A line of a timeline card (the card named here), which opens the card behind the line. */
  line?: TimelineLineRef & { timeline: string };
}

const LANGUAGE_LABELS: Record<Locale, string> = { en: 'English', es: 'Español', zh: '中文' };

/** What each step of the guided conversation says and offers; the engine decides which step comes next. */
export class FlowView {
  constructor(private readonly deps: FlowDeps) {}

  choicesFor(node: FlowNode): ChoiceDef[] {
    const { flows } = this.deps;
    const menu: ChoiceDef = { value: 'menu', labelKey: 'nav.menu' };
    const person: ChoiceDef = { value: 'person', labelKey: 'nav.person' };
    switch (node.kind) {
      case 'menu':
        return flows.mainMenu.map((m) => ({ value: m.action ?? m.id, labelKey: m.label }));
      case 'topic':
        return [...this.timelineChoices(flows.topics[node.topic].cards[node.index], node.page), { value: 'next', labelKey: 'nav.next' }, menu, person];
      case 'topicEnd':
        return [{ value: 'help', labelKey: 'menu.help' }, menu];
      case 'answer': {
        const lines = this.timelineChoices(node.card, node.page);
        return topicOf(this.deps.flows, node.card) ? [...lines, { value: 'more', labelKey: 'nav.more' }, person, menu] : [...lines, person, menu];
      }
      case 'suggest':
        return [...node.cards.map((card) => ({ value: `card:${card}`, card })), menu];
      case 'notFound':
        return [menu, { value: 'contact', labelKey: 'menu.contact' }];
      case 'contact':
        return [menu];
      case 'language':
        return LOCALES.map((l) => ({ value: l, fixedLabel: LANGUAGE_LABELS[l] }));
      case 'safety':
        return [{ value: 'urgent', labelKey: 'safety.contact' }, ...(node.resume ? [{ value: 'resume', labelKey: 'safety.resume' }] : []), menu];
      case 'confirmDelete':
        return [
          { value: 'yes', labelKey: 'screening:delete.yes' },
          { value: 'no', labelKey: 'screening:delete.no' },
        ];
    }
  }

  /** A timeline card's lines on this page, then "Earlier changes" when older lines follow. */
  private timelineChoices(cardId: string, page = 0): ChoiceDef[] {
    const { content, presenter } = this.deps;
    if (!content.get(cardId, 'en').timeline) return [];
    const lines: ChoiceDef[] = presenter.timelineLines(cardId, page).map((line) => ({ value: `card:${line.card}`, line: { ...line, timeline: cardId } }));
    return presenter.hasEarlierPage(cardId, page) ? [...lines, { value: 'earlier', labelKey: 'nav.earlier' }] : lines;
  }

  /** `wholeLines`: a channel without buttons lists a timeline's lines as the numbered choices themselves. */
  labelOf(choice: ChoiceDef, locale: Locale, wholeLines = false): string {
    if (choice.fixedLabel) return choice.fixedLabel;
    if (choice.line) return this.deps.presenter.lineLabel(choice.line, choice.line.timeline, locale, wholeLines);
    if (choice.card) return this.deps.content.get(choice.card, locale).title;
    return this.deps.texts.t(locale, choice.labelKey ?? choice.value);
  }

  /** A choice is recognised by its label in any language plus the synonyms in dialogs/flows.yaml. */
  synonymsFor(choice: ChoiceDef): string[] {
    const labels = LOCALES.flatMap((l) => (choice.line ? [this.labelOf(choice, l), this.labelOf(choice, l, true)] : [this.labelOf(choice, l)]));
    const extra = this.deps.flows.synonyms[choice.value] ?? [];
    return [...new Set([...labels, ...extra])];
  }

  messagesFor(node: FlowNode, locale: Locale, caps: Capabilities, noticed: string[]): OutMessage[] {
    const { texts, presenter, flows, firm } = this.deps;
    const say = (key: string, vars?: Record<string, string>): OutMessage => ({ text: texts.t(locale, key, vars), tags: [key] });
    const card = (id: string, options: { progress?: string; page?: number } = {}): OutMessage => presenter.message(id, locale, caps, options);
    const notice = (scope: string, cardId: string): OutMessage[] => {
      if (flows.serviceCards.includes(cardId) || noticed.includes(scope)) return [];
      noticed.push(scope);
      return [say(firm.disclaimers.notLegalAdvice)];
    };
    const offices = (): OutMessage => ({ text: renderOfficeList(firm, locale, texts, caps), tags: ['contact.offices'] });

    switch (node.kind) {
      case 'menu':
        return [say('menu.prompt')];
      case 'topic': {
        const topic = flows.topics[node.topic];
        const id = topic.cards[node.index];
        const pre = topic.policy ? notice(node.topic, id) : [];
        return [...pre, card(id, { progress: `${node.index + 1}/${topic.cards.length}`, page: node.page }), say('nav.prompt')];
      }
      case 'topicEnd':
        return [say('topic.end', { title: texts.t(locale, flows.topics[node.topic].title) })];
      case 'answer':
        return [card(node.card, { page: node.page }), ...notice('answers', node.card), say('nav.prompt')];
      case 'suggest':
        return [say('answer.weak')];
      case 'notFound':
        return [say('answer.none')];
      case 'contact': {
        const pre = node.reason === 'help' ? [say('contact.helpIntro')] : [];
        return [...pre, card(flows.contactCard), offices(), say('contact.prompt')];
      }
      case 'language':
        return [say('language.prompt')];
      case 'safety':
        return [card(flows.emergencyCard), offices(), say('safety.prompt')];
      case 'confirmDelete':
        return [say('screening:delete.prompt')];
    }
  }
}
