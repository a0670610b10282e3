import { DIRECTLINE_CHANNEL } from '../../../src/channels/directline/DirectLineAdapter';
import { isVisibleToClient } from '../../../src/channels/directline/visibleActivities';
import { toWechatText, WECHAT_MAX_TEXT_BYTES } from '../../../src/channels/wechat/renderForWechat';
import { UNDELIVERED_EVENT, WECHAT_CHANNEL } from '../../../src/channels/wechat/WechatAdapter';
import type { DirectLineUser } from './directLineUser';
import type { TranscriptDb } from './transcriptDb';
import type { WechatUser } from './wechatUser';

/** What the transcript and the clients say about delivery; every count but the totals should be zero. */
export interface DeliveryReport {
  userMessagesAcknowledged: number;
  userMessagesMissing: number;
  userMessagesDuplicated: number;
  /** Messages in the transcript that no client got a 2xx for (posts cut off by a kill are the only excuse). */
  userMessagesUnacknowledged: number;
  /** Bot messages in the transcript. */
  repliesLogged: number;
  /** Logged activities a client should have seen (bot replies; on Direct Line also the echo of its own messages). */
  notDelivered: number;
  deliveredTwice: number;
  /** Activities a client got that are not in the transcript. */
  deliveredNotLogged: number;
  wechatUndeliveredNotes: number;
  whatsappUndeliveredNotes: number;
}

const count = <T>(items: readonly T[]) => items.reduce((m, item) => m.set(item, (m.get(item) ?? 0) + 1), new Map<T, number>());

export interface MessageCounts {
  acknowledged: number;
  /** Acknowledged with a 2xx but not in the log. */
  missing: number;
  /** In the log more than once. */
  duplicated: number;
  /** In the log but never acknowledged (a request cut by a kill). */
  unacknowledged: number;
}

/** How the ids of messages a client saw acknowledged match the ids the service logged for its conversation. */
export function matchAcknowledged(acknowledged: readonly string[], loggedIds: readonly string[]): MessageCounts {
  const times = count(loggedIds);
  const acked = new Set(acknowledged);
  return {
    acknowledged: acknowledged.length,
    missing: acknowledged.filter((id) => (times.get(id) ?? 0) === 0).length,
    duplicated: acknowledged.filter((id) => (times.get(id) ?? 0) > 1).length,
    unacknowledged: [...times.keys()].filter((id) => !acked.has(id)).length,
  };
}

/** The same match over several Direct Line users, each read back through the service's own history. */
export async function matchUsersHistory(users: readonly DirectLineUser[]): Promise<MessageCounts> {
  const total: MessageCounts = { acknowledged: 0, missing: 0, duplicated: 0, unacknowledged: 0 };
  for (const user of users) {
    const counts = matchAcknowledged(user.acknowledged, (await user.history()).filter((a) => a.from.role !== 'bot').map((a) => a.id ?? ''));
    for (const key of Object.keys(total) as (keyof MessageCounts)[]) total[key] += counts[key];
  }
  return total;
}

function addMessageCounts(report: DeliveryReport, counts: MessageCounts): void {
  report.userMessagesAcknowledged += counts.acknowledged;
  report.userMessagesMissing += counts.missing;
  report.userMessagesDuplicated += counts.duplicated;
  report.userMessagesUnacknowledged += counts.unacknowledged;
}

/** Checks Direct Line clients against the transcript: every message logged once, every visible activity received once. */
export function checkDirectLine(db: TranscriptDb, users: readonly DirectLineUser[], report: DeliveryReport): void {
  const logged = db.activitiesByConversation(DIRECTLINE_CHANNEL);
  for (const user of users) {
    if (!user.started) continue;
    const rows = logged.get(user.conversationId) ?? [];
    addMessageCounts(report, matchAcknowledged(user.acknowledged, rows.filter((r) => r.direction === 'in' && r.activity.type === 'message').map((r) => r.activityId)));
    const visible = rows.filter((r) => isVisibleToClient(r.activity));
    const received = count(user.received.filter((a) => isVisibleToClient(a as unknown as Record<string, unknown>) && a.id).map((a) => a.id ?? ''));
    report.repliesLogged += visible.filter((r) => r.direction === 'out').length;
    for (const row of visible) {
      const times = received.get(row.activityId) ?? 0;
      if (times === 0) report.notDelivered += 1;
      if (times > 1) report.deliveredTwice += 1;
    }
    const loggedIds = new Set(visible.map((r) => r.activityId));
    report.deliveredNotLogged += [...received.keys()].filter((id) => !loggedIds.has(id)).length;
  }
}

const paragraphs = (texts: readonly string[]) => texts.flatMap((t) => t.split(/\n{2,}/)).map((p) => p.trim()).filter(Boolean);
const letters = (texts: readonly string[]) => texts.join('').replace(/\s+/g, '').length;

/**
 * Checks WeChat followers against the transcript: every MsgId logged once, and the replies logged are the replies
 * delivered (passively or through the customer-service API): each paragraph as often as logged, nothing more.
 */
export function checkWechat(db: TranscriptDb, users: readonly WechatUser[], delivered: ReadonlyMap<string, string[]>, report: DeliveryReport): void {
  const logged = db.activitiesByConversation(WECHAT_CHANNEL);
  for (const user of users) {
    const rows = logged.get(user.openId) ?? [];
    addMessageCounts(report, matchAcknowledged(user.acknowledged, rows.filter((r) => r.direction === 'in' && r.activity.type === 'message').map((r) => r.activityId)));
    report.wechatUndeliveredNotes += rows.filter((r) => r.activity.name === UNDELIVERED_EVENT).length;

    const replies = rows.filter((r) => r.direction === 'out' && r.activity.type === 'message' && typeof r.activity.text === 'string').map((r) => toWechatText(r.activity.text as string));
    report.repliesLogged += replies.length;
    const got = [...user.passive, ...(delivered.get(user.openId) ?? [])];
    const expected = count(paragraphs(replies).filter((p) => Buffer.byteLength(p) <= WECHAT_MAX_TEXT_BYTES));
    const seen = count(paragraphs(got));
    for (const [paragraph, times] of expected) {
      const found = seen.get(paragraph) ?? 0;
      if (found < times) report.notDelivered += times - found;
      if (found > times) report.deliveredTwice += found - times;
    }
    // Paragraphs too long for one WeChat text arrive in pieces: their letters must add up, none missing or doubled.
    const difference = letters(got) - letters(replies);
    if (difference < 0) report.notDelivered += 1;
    if (difference > 0) report.deliveredTwice += 1;
  }
}

export function emptyReport(): DeliveryReport {
  return {
    userMessagesAcknowledged: 0,
    userMessagesMissing: 0,
    userMessagesDuplicated: 0,
    userMessagesUnacknowledged: 0,
    repliesLogged: 0,
    notDelivered: 0,
    deliveredTwice: 0,
    deliveredNotLogged: 0,
    wechatUndeliveredNotes: 0,
    whatsappUndeliveredNotes: 0,
  };
}
