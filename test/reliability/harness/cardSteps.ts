import { DIRECTLINE_CHANNEL } from '../../../src/channels/directline/DirectLineAdapter';
import { realDomain } from '../../helpers/testRuntime';
import type { ReceivedActivity } from './directLineUser';
import type { StoredActivity, TranscriptDb } from './transcriptDb';

/** Where a conversation stood when the service died, as the transcript tells it. */
export interface LastStep {
  /** The last content card shown. */
  card: string;
  /** The card "next" should show after it. */
  following: string;
  /** False when the last logged user message has no logged reply: the kill cut that turn short. */
  settled: boolean;
}

const cardOf = (tags: unknown): string | undefined =>
  Array.isArray(tags) ? (tags.find((t): t is string => typeof t === 'string' && t.startsWith('card:'))?.slice(5)) : undefined;

/** The card a received activity shows, if any. */
export function shownCard(activity: ReceivedActivity): string | undefined {
  return cardOf(activity.channelData?.camino?.tags);
}

/** The successor of each topic card that has one, from dialogs/flows.yaml. */
function successors(): Map<string, string> {
  const next = new Map<string, string>();
  for (const topic of Object.values(realDomain().flows.topics)) topic.cards.forEach((card, i) => i + 1 < topic.cards.length && next.set(card, topic.cards[i + 1]));
  return next;
}

/** Conversations whose last shown card has a next one, with that card: the ones whose "next" can be checked. */
export function lastSteps(db: TranscriptDb): Map<string, LastStep> {
  const next = successors();
  const steps = new Map<string, LastStep>();
  for (const [conversationId, rows] of db.activitiesByConversation(DIRECTLINE_CHANNEL)) {
    const lastCardRow = rows.filter((r) => r.direction === 'out' && cardOf(tagsOf(r))).at(-1);
    const card = lastCardRow ? cardOf(tagsOf(lastCardRow)) : undefined;
    const following = card ? next.get(card) : undefined;
    if (!card || !following) continue;
    const lastIn = rows.filter((r) => r.direction === 'in' && r.activity.type === 'message').at(-1);
    const settled = !lastIn || rows.some((r) => r.direction === 'out' && r.activity.replyToId === lastIn.activityId);
    steps.set(conversationId, { card, following, settled });
  }
  return steps;
}

function tagsOf(row: StoredActivity): unknown {
  const channelData = row.activity.channelData as { camino?: { tags?: unknown } } | undefined;
  return channelData?.camino?.tags;
}
