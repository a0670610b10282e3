import { DIRECTLINE_CHANNEL } from '../../../src/channels/directline/DirectLineAdapter';
import { realDomain } from '../../helpers/testRuntime';
import type { ReceivedActivity } from './directLineUser';
import type { StoredActivity, TranscriptDb } from './transcriptDb';

/** Where a conversation stood when the service died, as the transcript tells it. */
export interface LastStep {
  /** The card the last "next" showed; absent when the kill cut the last turn short (no reply logged). */
  card?: string;
  /** What "next" may show after it: the following card of a topic holding it, or the end of that topic. */
  following: ReadonlySet<string>;
}

/** The words for "next" in the turn scripts (dialogs/flows.yaml lists more). */
const NEXT_WORDS = new Set(['next', 'more', 'siguiente', 'más', '下一个', '下一步', '更多']);
export const TOPIC_END = 'topic.end';

const cardOf = (tags: unknown): string | undefined =>
  Array.isArray(tags) ? (tags.find((t): t is string => typeof t === 'string' && t.startsWith('card:'))?.slice(5)) : undefined;

/** The card a received activity shows, or the end-of-topic notice. */
export function shownStep(activity: ReceivedActivity): string | undefined {
  const tags = activity.channelData?.camino?.tags;
  return cardOf(tags) ?? (tags?.includes(TOPIC_END) ? TOPIC_END : undefined);
}

/** What may follow each topic card, from dialogs/flows.yaml (a card can sit in more than one topic). */
function successors(): Map<string, Set<string>> {
  const next = new Map<string, Set<string>>();
  for (const topic of Object.values(realDomain().flows.topics)) {
    topic.cards.forEach((card, i) => next.set(card, (next.get(card) ?? new Set()).add(topic.cards[i + 1] ?? TOPIC_END)));
  }
  return next;
}

/**
 * The conversations whose last turn was "next" showing a topic card (what "next" must show after a restart is
 * then known), and those whose last turn the kill cut short (they must get an answer, whatever it is).
 */
export function lastSteps(db: TranscriptDb): Map<string, LastStep> {
  const next = successors();
  const steps = new Map<string, LastStep>();
  for (const [conversationId, rows] of db.activitiesByConversation(DIRECTLINE_CHANNEL)) {
    const lastIn = rows.filter((r) => r.direction === 'in' && r.activity.type === 'message').at(-1);
    if (!lastIn) continue;
    const replies = rows.filter((r) => r.direction === 'out' && r.activity.replyToId === lastIn.activityId);
    if (replies.length === 0) {
      steps.set(conversationId, { following: new Set() });
      continue;
    }
    const card = replies.map((r) => cardOf(tagsOf(r))).find(Boolean);
    const following = card ? next.get(card) : undefined;
    if (card && following && NEXT_WORDS.has(String(lastIn.activity.text))) steps.set(conversationId, { card, following });
  }
  return steps;
}
function tagsOf(row: StoredActivity): unknown {
  const channelData = row.activity.channelData as { camino?: { tags?: unknown } } | undefined;
  return channelData?.camino?.tags;
}
