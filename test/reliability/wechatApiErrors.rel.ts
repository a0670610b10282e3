import { UNDELIVERED_EVENT, WECHAT_CHANNEL } from '../../src/channels/wechat/WechatAdapter';
import { startApp, type RunningApp } from '../helpers/httpApp';
import { latency, printFigures } from './harness/figures';
import { startFlakyWechatApi, type FlakyWechatApi, type WechatApiMode } from './harness/flakyWechatApi';
import { TranscriptDb } from './harness/transcriptDb';
import { wechatEnv, WechatUser } from './harness/wechatUser';

const FOLLOWERS = 40;

/**
 * Each round, every follower writes (answered passively, which needs no WeChat API) and staff send each of them a
 * note (which only the customer-service API can carry), while the API fails in one way; the last round it works.
 */
const ROUNDS: Array<{ name: string; mode: WechatApiMode; text: string; expect: 'delivered' | 'noted' | 'kept' }> = [
  { name: 'working', mode: { kind: 'ok' }, text: '1', expect: 'delivered' },
  { name: 'HTTP 502', mode: { kind: 'http', status: 502 }, text: '下一个', expect: 'noted' },
  { name: 'errcode -1 (system busy)', mode: { kind: 'errcode', errcode: -1 }, text: '2', expect: 'noted' },
  { name: 'errcode 40001 (token rejected)', mode: { kind: 'errcode', errcode: 40001 }, text: 'next', expect: 'noted' },
  { name: 'errcode 45047 (over quota)', mode: { kind: 'errcode', errcode: 45047 }, text: '第42条是什么', expect: 'kept' },
  { name: 'no answer (hangs)', mode: { kind: 'hang' }, text: '3', expect: 'noted' },
  { name: 'working again', mode: { kind: 'ok' }, text: '菜单', expect: 'delivered' },
];

const reference = (openId: string) => ({
  channelId: WECHAT_CHANNEL,
  conversation: { id: openId, isGroup: false, conversationType: 'personal', name: '' },
  user: { id: openId, name: '' },
  bot: { id: 'gh_reliability', name: '' },
  serviceUrl: 'wechat',
});

describe('WeChat API failing: HTTP errors, error codes, a rejected token, quota, no answer, then working again', () => {
  let api: FlakyWechatApi;
  let running: RunningApp;

  beforeAll(async () => {
    api = await startFlakyWechatApi();
    running = await startApp(wechatEnv(api.baseUrl));
  });
  afterAll(async () => {
    await running?.app.close();
    await api?.close();
  });

  it('answers passively what it can, notes or keeps what WeChat refused, never sends twice, and recovers without a restart', async () => {
    const followers = Array.from({ length: FOLLOWERS }, (_, i) => new WechatUser(running.baseUrl, `oFlaky${i}`));
    await Promise.all(followers.map((u) => u.subscribe()));
    const block: Record<string, string | number> = { followers: `${FOLLOWERS}; each round: one message each (passive answer) and one staff note each (customer-service API)` };
    const problems: string[] = [];
    const notes = new Map<string, string>();
    let keptFromLastRound = new Set<string>();
    for (const [r, round] of ROUNDS.entries()) {
      api.mode = round.mode;
      const before = { sends: api.sendRequests, tokens: api.tokenRequests };
      const started = Date.now();
      const durations: number[] = [];
      const outcomes = await Promise.all(
        followers.map(async (user, i) => {
          const passive = await user.say(round.text);
          if (!passive) problems.push(`${round.name}: ${user.openId} got no passive answer`);
          const note = `Office note ${r}-${i}.`;
          if (passive && keptFromLastRound.has(user.openId) && !passive.startsWith(`Office note ${r - 1}-${i}.`)) problems.push(`${round.name}: ${user.openId} did not get the note kept from before`);
          notes.set(note, round.expect);
          const sendStarted = Date.now();
          await running.app.runtime.continueConversation(reference(user.openId), async (context) => {
            await context.sendActivity(note);
          });
          durations.push(Date.now() - sendStarted);
          return (api.delivered.get(user.openId) ?? []).filter((t) => t === note).length;
        }),
      );
      const delivered = outcomes.filter((n) => n === 1).length;
      const twice = outcomes.filter((n) => n > 1).length;
      if (round.expect === 'delivered' && delivered !== FOLLOWERS) problems.push(`${round.name}: ${delivered} of ${FOLLOWERS} notes delivered`);
      if (round.expect !== 'delivered' && delivered !== 0) problems.push(`${round.name}: ${delivered} notes delivered while WeChat refused them`);
      if (twice > 0) problems.push(`${round.name}: ${twice} notes delivered twice`);
      const sends = api.sendRequests - before.sends;
      // One try per note; a rejected token is refreshed once and the note tried once more; nothing else is retried.
      const expectedSends = round.mode.kind === 'errcode' && round.mode.errcode === 40001 ? 2 * FOLLOWERS : FOLLOWERS;
      if (sends !== expectedSends) problems.push(`${round.name}: ${sends} send requests, expected ${expectedSends}`);
      keptFromLastRound = new Set(round.expect === 'kept' ? followers.map((u) => u.openId) : []);
      block[`round: ${round.name}`] = `${followers.filter((u) => u.passive.length > 0).length} answered passively, notes ${delivered} delivered / ${twice} twice, ${sends} sends, ${api.tokenRequests - before.tokens} token fetches, ${Date.now() - started} ms; note send ${latency(durations)}`;
    }
    const ready = await fetch(`${running.baseUrl}/readyz`);

    const db = new TranscriptDb(running.dataDir);
    const logged = db.activitiesByConversation(WECHAT_CHANNEL);
    const rows = db.countRows();
    db.close();
    const all = followers.flatMap((u) => logged.get(u.openId) ?? []);
    const outTexts = all.filter((r) => r.direction === 'out' && r.activity.type === 'message').map((r) => String(r.activity.text));
    const undelivered = all.filter((r) => r.activity.name === UNDELIVERED_EVENT).map((r) => (r.activity.value as { errcode: number }).errcode);
    const notesLoggedOnce = [...notes.keys()].filter((note) => outTexts.filter((t) => t === note).length === 1).length;
    let messagesMissing = 0;
    let messagesWithoutReply = 0;
    for (const user of followers) {
      const list = logged.get(user.openId) ?? [];
      for (const msgId of user.acknowledged) {
        if (list.filter((r) => r.direction === 'in' && r.activityId === msgId).length !== 1) messagesMissing += 1;
        if (!list.some((r) => r.direction === 'out' && r.activity.replyToId === msgId)) messagesWithoutReply += 1;
      }
    }
    const noted = [...notes.values()].filter((e) => e === 'noted').length;
    Object.assign(block, {
      'user messages logged once with their reply': `${followers.reduce((n, u) => n + u.acknowledged.length, 0) - messagesMissing - messagesWithoutReply} of ${followers.reduce((n, u) => n + u.acknowledged.length, 0)}`,
      'staff notes in the transcript once': `${notesLoggedOnce} of ${notes.size}`,
      'undelivered notes for staff (by errcode)': [...new Set(undelivered)].map((c) => `${c}: ${undelivered.filter((x) => x === c).length}`).join(', '),
      'replies still kept for later': rows.wechat_pending,
      'readiness after the failures': ready.status,
    });
    printFigures('WeChat API failing', block);

    expect(problems).toEqual([]);
    expect({ messagesMissing, messagesWithoutReply }).toEqual({ messagesMissing: 0, messagesWithoutReply: 0 });
    expect(notesLoggedOnce).toBe(notes.size);
    // Every note WeChat refused for good is marked in the transcript, so staff know it did not arrive.
    expect(undelivered.filter((c) => c !== 45047)).toHaveLength(noted);
    expect(rows.wechat_pending).toBe(0);
    expect(ready.status).toBe(200);
  });
});
