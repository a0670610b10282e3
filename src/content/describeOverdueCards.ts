import type { ContentLibrary } from './loadCards';
import { findOverdueCards } from './reviewDue';

/** The start-up banner's warning: which cards are past their review day, for the office to re-check. */
export function describeOverdueCards(content: ContentLibrary, now: Date, reviewEveryDays: number): string[] {
  const overdue = findOverdueCards(content, now, reviewEveryDays);
  if (overdue.length === 0) return [];
  return [
    `WARNING: ${overdue.length} content card${overdue.length === 1 ? ' is' : 's are'} past ${reviewEveryDays} days since their facts were checked; people see "this may be out of date" under them:`,
    ...overdue.map((card) => `  ${card.id} (checked ${card.asOf}, due ${card.dueOn}, ${card.daysOverdue} days overdue)`),
  ];
}
