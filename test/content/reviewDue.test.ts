import path from 'node:path';
import { loadCards } from '../../src/content/loadCards';
import { findOverdueCards, reviewStateOf } from '../../src/content/reviewDue';
import { describeOverdueCards } from '../../src/content/describeOverdueCards';
import { ROOT } from '../helpers/testRuntime';

const DAY = 86_400_000;
const at = (iso: string) => new Date(`${iso}T15:00:00Z`);

describe('when a card is due for review', () => {
  it.each([
    ['the day it was checked', '2026-12-04', '2026-12-04', 90, { dueOn: '2027-03-04', ageDays: 0, daysToReview: 90, overdue: false }],
    ['its last fresh day', '2026-12-04', '2027-03-04', 90, { dueOn: '2027-03-04', ageDays: 90, daysToReview: 0, overdue: false }],
    ['the day after', '2026-12-04', '2027-03-05', 90, { dueOn: '2027-03-04', ageDays: 91, daysToReview: -1, overdue: true }],
    ['100 days on', '2026-12-04', '2027-03-14', 90, { dueOn: '2027-03-04', ageDays: 100, daysToReview: -10, overdue: true }],
    ['a shorter schedule', '2026-12-04', '2026-12-20', 14, { dueOn: '2026-12-18', ageDays: 16, daysToReview: -2, overdue: true }],
  ] as const)('%s', (_name, asOf, today, every, expected) => {
    expect(reviewStateOf(asOf, at(today), every)).toEqual({ asOf, ...expected });
  });
});

describe('overdue cards in the real content', () => {
  const content = loadCards(path.join(ROOT, 'locales'));
  const asOf = Date.parse(`${content.get('asylum-fees', 'en').asOf}T12:00:00Z`);

  it('none the day the cards were checked, so the start-up banner has no warning', () => {
    expect(findOverdueCards(content, new Date(asOf), 90)).toEqual([]);
    expect(describeOverdueCards(content, new Date(asOf), 90)).toEqual([]);
  });

  it('every card 100 days later, each named in the banner with its dates', () => {
    const later = new Date(asOf + 100 * DAY);
    const overdue = findOverdueCards(content, later, 90);
    expect(overdue.map((c) => c.id).sort()).toEqual([...content.ids].sort());
    expect(overdue[0]).toMatchObject({ asOf: '2026-12-04', dueOn: '2027-03-04', daysOverdue: 10 });
    const banner = describeOverdueCards(content, later, 90);
    expect(banner[0]).toMatch(/^WARNING: 24 content cards are past 90 days/);
    expect(banner).toContain('  asylum-fees (checked 2026-12-04, due 2027-03-04, 10 days overdue)');
  });
});
