import { directLineChannel } from '../../src/channels/directline/directLineChannel';
import { loadDomain } from '../../src/app/loadDomain';
import type { Locale } from '../../src/content/cardSchema';
import { formatDate } from '../../src/flow/renderCard';
import { initialFlowState } from '../../src/flow/FlowEngine';
import type { Capabilities } from '../../src/flow/types';
import { ROOT } from '../helpers/testRuntime';

const DAY = 86_400_000;
const CAPS: Capabilities = { ...directLineChannel.capabilities, markdown: undefined };
const ASKED: Record<Locale, string> = { en: 'do I have to pay to ask for asylum?', es: '¿tengo que pagar para pedir asilo?', zh: '申请庇护要交钱吗？' };
const CHECKED = Date.parse('2026-12-04T12:00:00Z');

/** The real content with the clock set `days` after the day the cards were checked. */
function domainAt(days: number) {
  return loadDomain(ROOT, { now: () => new Date(CHECKED + days * DAY) });
}

describe.each(['en', 'es', 'zh'] as const)('a card past its review day, in %s', (locale) => {
  const later = domainAt(100);
  const overdueLine = later.texts.t(locale, 'card.overdue', { date: formatDate('2026-12-04', locale) });

  it('carries the "may be out of date" line 100 days on', () => {
    const turn = later.engine.handle(initialFlowState(), ASKED[locale], locale, CAPS);
    const card = turn.messages.find((m) => m.tags.includes('card:asylum-fees'));
    expect(card?.text.endsWith(overdueLine)).toBe(true);
  });

  it('does not on the day it was checked, nor on its last fresh day', () => {
    for (const days of [0, 90]) {
      const turn = domainAt(days).engine.handle(initialFlowState(), ASKED[locale], locale, CAPS);
      expect(turn.messages.map((m) => m.text).join('\n')).not.toContain(overdueLine);
    }
  });

  it('is not added under the emergency card, which is about the service', () => {
    const turn = later.engine.handle(initialFlowState(), locale === 'en' ? 'I am in danger' : locale === 'es' ? 'estoy en peligro' : '我有危险', locale, CAPS);
    const emergency = turn.messages.find((m) => m.tags.includes('card:emergency'));
    expect(emergency?.text).not.toContain(overdueLine);
  });

  it('goes under a language model\'s answer that rests on an overdue card', () => {
    const turn = later.engine.showGroundedAnswer(initialFlowState(), { text: 'Answer.', cardIds: ['asylum-fees'], needsAttorney: false }, locale, CAPS);
    expect(turn.messages[0].text).toContain(overdueLine);
    expect(turn.messages[0].shown).toEqual([{ id: 'asylum-fees', version: later.content.get('asylum-fees', locale).version, asOf: '2026-12-04' }]);
  });
});

describe('the review schedule', () => {
  it('is one setting in dialogs/content.yaml, 90 days', () => {
    expect(domainAt(0).settings.reviewEveryDays).toBe(90);
  });
});
