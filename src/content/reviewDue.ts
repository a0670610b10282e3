import type { ContentLibrary } from './loadCards';

const DAY_MS = 86_400_000;

export interface ReviewState {
  /** The day the card's facts were last checked. */
  asOf: string;
  /** The last day the card counts as fresh. */
  dueOn: string;
  /** Days since asOf, counted in whole UTC days. */
  ageDays: number;
  /** Days left until dueOn; negative once overdue. */
  daysToReview: number;
  overdue: boolean;
}

/** The calendar day of an instant, in UTC: the fact sheet's dates are days, not instants. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function dayNumber(isoDay: string): number {
  return Math.floor(Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS);
}

/** Where a card stands on `now`: reviewed `reviewEveryDays` after its asOf, overdue the day after that. */
export function reviewStateOf(asOf: string, now: Date, reviewEveryDays: number): ReviewState {
  const today = dayNumber(utcDay(now));
  const checked = dayNumber(asOf);
  const due = checked + reviewEveryDays;
  return {
    asOf,
    dueOn: new Date(due * DAY_MS).toISOString().slice(0, 10),
    ageDays: today - checked,
    daysToReview: due - today,
    overdue: today > due,
  };
}

export interface OverdueCard {
  id: string;
  asOf: string;
  dueOn: string;
  daysOverdue: number;
}

/** Every card past its review day, most overdue first (translations share the English asOf, checked at load). */
export function findOverdueCards(content: ContentLibrary, now: Date, reviewEveryDays: number): OverdueCard[] {
  return content.ids
    .map((id) => ({ id, review: reviewStateOf(content.get(id, 'en').asOf, now, reviewEveryDays) }))
    .filter(({ review }) => review.overdue)
    .map(({ id, review }) => ({ id, asOf: review.asOf, dueOn: review.dueOn, daysOverdue: -review.daysToReview }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.id.localeCompare(b.id));
}
