import { z } from 'zod';

export const LOCALES = ['en', 'es', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export const CARD_STATUSES = ['in-force', 'historical', 'ended', 'in-litigation'] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const cardId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'card ids are lower-case words joined by hyphens');

export const sourceSchema = z.object({
  title: z.string().min(1),
  publisher: z.string().min(1),
  date: isoDate,
  url: z.url().optional(),
});
export type Source = z.infer<typeof sourceSchema>;

/**
 * One line of a dated timeline: the day (or only the month or year, when that is all that is known), the card
 * that explains it, whether the fact sheet has it only as reported, and the line itself in the card's language.
 */
export const timelineEntrySchema = z.object({
  date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY-MM-DD, YYYY-MM or YYYY'),
  card: cardId,
  reported: z.boolean().default(false),
  text: z.string().min(1).max(110),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** Front matter of one content card file `locales/<lang>/cards/<id>.md`; the markdown body is the longer text. */
export const cardFrontMatterSchema = z.object({
  id: cardId,
  version: z.number().int().positive(),
  title: z.string().min(1).max(80),
  short: z.string().min(1).max(600),
  asOf: isoDate,
  status: z.enum(CARD_STATUSES),
  sources: z.array(sourceSchema).min(1),
  keywords: z.array(z.string().min(1)).min(3),
  questions: z.array(z.string().min(1)).min(2),
  /** Newest first; each line opens its own card. */
  timeline: z.array(timelineEntrySchema).min(1).optional(),
});
export type CardFrontMatter = z.infer<typeof cardFrontMatterSchema>;

export interface Card extends CardFrontMatter {
  locale: Locale;
  /** Longer text in plain paragraphs (may be empty). */
  body: string;
}
