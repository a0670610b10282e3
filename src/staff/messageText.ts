import { z } from 'zod';
import type { ShownCard } from '../flow/types';

/**
 * The one place the staff app reads a logged message's text. Message text is stored in the activity JSON today;
 * when it is encrypted at rest, decryption goes here and every reader (search, view, export) follows.
 */
export function messageText(activity: Record<string, unknown>): string {
  return typeof activity.text === 'string' ? activity.text : '';
}

/** What a person chose from buttons (`value` of a postBack/imBack) or a card's text, flattened for staff to read. */
export function describeActivity(activity: Record<string, unknown>): { text: string; chosen?: string; cards: string[]; buttons: string[] } {
  const text = messageText(activity);
  const value = activity.value;
  const chosen = typeof value === 'string' ? value : value && typeof value === 'object' ? JSON.stringify(value) : undefined;
  const cards: string[] = [];
  for (const attachment of Array.isArray(activity.attachments) ? activity.attachments : []) {
    cards.push(cardText((attachment as { content?: unknown }).content));
  }
  const suggested = activity.suggestedActions as { actions?: { title?: unknown }[] } | undefined;
  const buttons = (suggested?.actions ?? []).map((a) => (typeof a.title === 'string' ? a.title : '')).filter(Boolean);
  return { text, chosen, cards: cards.filter(Boolean), buttons };
}

/** Every `text`, `title` and `subtitle` string of a card, depth first: a card shown as plain text. */
function cardText(content: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'text' || key === 'title' || key === 'subtitle') && typeof value === 'string') parts.push(value);
        else if (typeof value === 'object') walk(value);
      }
    }
  };
  walk(content);
  return parts.join('\n');
}

const shownCardsSchema = z.object({
  camino: z.object({
    cards: z.array(z.object({ id: z.string().max(100), version: z.number().int().positive(), asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })),
  }),
});

/** The cards a logged reply showed (channelData.camino.cards); none for older entries or other senders. */
export function shownCardsOf(activity: Record<string, unknown>): ShownCard[] {
  const parsed = shownCardsSchema.safeParse(activity.channelData);
  return parsed.success ? parsed.data.camino.cards : [];
}
