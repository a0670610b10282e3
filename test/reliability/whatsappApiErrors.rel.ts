import { WHATSAPP_CHANNEL } from '../../src/channels/whatsapp/whatsappChannel';
import { UNDELIVERED_EVENT } from '../../src/channels/whatsapp/WhatsAppNotes';
import { type FakeGraphApi, startFakeGraphApi } from '../helpers/fakeGraphApi';
import { startApp, type RunningApp } from '../helpers/httpApp';
import { whatsappEnv } from '../helpers/whatsappPerson';
import { emptyReport } from './harness/checkDelivery';
import { latency, printFigures } from './harness/figures';
import { TranscriptDb } from './harness/transcriptDb';
import { checkWhatsApp, WhatsAppUser } from './harness/whatsappUser';

const PEOPLE = 30;

type Failure = 'none' | 'gateway' | 'rateLimited' | 'token' | 'hang' | 'windowClosed';

/**
 * Each round, every person writes (a turn whose replies only the Graph API can carry) and staff send each of them a
 * note, while the API fails in one way; in the last round it works again and what was kept must arrive, in order.
 */
const ROUNDS: Array<{ name: string; failure: Failure; text?: string; notes: 'delivered' | 'dropped' | 'kept' }> = [
  { name: 'working', failure: 'none', text: '1', notes: 'delivered' },
  { name: 'HTTP 502 from a gateway', failure: 'gateway', text: 'siguiente', notes: 'dropped' },
  { name: 'rate limited (130429) for longer than the back-off', failure: 'rateLimited', text: 'siguiente', notes: 'kept' },
  { name: 'access token expired (190)', failure: 'token', text: '2', notes: 'kept' },
  { name: 'no answer (hangs past WHATSAPP_SEND_TIMEOUT_MS)', failure: 'hang', text: 'menú', notes: 'dropped' },
  { name: '24-hour window closed (staff only)', failure: 'windowClosed', notes: 'kept' },
  { name: 'working again', failure: 'none', text: 'menú', notes: 'delivered' },
];

function fail(graph: FakeGraphApi, failure: Failure): void {
  graph.down = failure === 'gateway';
  graph.failAll = failure === 'rateLimited' ? 130429 : undefined;
  graph.tokenExpired = failure === 'token';
  graph.hangAll = failure === 'hang';
}

describe('WhatsApp API failing: a gateway error, rate limits, an expired token, no answer, a closed window, then working again', () => {
  let graph: FakeGraphApi;
  let running: RunningApp;

  beforeAll(async () => {
    graph = await startFakeGraphApi();
    running = await startApp({ ...whatsappEnv(graph), WHATSAPP_SEND_TIMEOUT_MS: '5000' });
  });
  afterAll(async () => {
    await running?.app.close();
    await graph?.close();
  });

  it('logs every turn, notes or keeps what WhatsApp refused, never sends anything twice, and recovers without a restart', async () => {
    const people = Array.from({ length: PEOPLE }, (_, i) => new WhatsAppUser(running.baseUrl, graph, `5215580${String(i).padStart(5, '0')}`));
    await Promise.all(people.map((p) => p.say('hola')));
    const db0 = new TranscriptDb(running.dataDir);
    const ids = db0.whatsappIds();
    db0.close();
    const reference = (phone: string) => {
      const id = ids.conversationOf(phone);
      return { channelId: WHATSAPP_CHANNEL, conversation: { id, isGroup: false, conversationType: 'personal', name: '' }, user: { id, name: '' }, bot: { id: graph.phoneNumberId, name: '' }, serviceUrl: WHATSAPP_CHANNEL };
    };
    const block: Record<string, string | number> = { people: `${PEOPLE}; each round: one message each (a turn) and one staff note each` };
    const problems: string[] = [];
    const kept = new Map<string, string[]>();
    for (const [r, round] of ROUNDS.entries()) {
      const started = Date.now();
      const sendsBefore = graph.sendRequests;
      const durations: number[] = [];
      if (round.failure === 'windowClosed') {
        await running.app.database.db.updateTable('whatsapp_people').set({ last_in_at: new Date(Date.now() - 25 * 3_600_000).toISOString() }).execute();
      }
      fail(graph, round.failure);
      await Promise.all(
        people.map(async (person, i) => {
          if (round.text) {
            const t0 = Date.now();
            // A reply is awaited only while WhatsApp takes messages; otherwise the turn's end is.
            if (round.failure === 'none') {
              if (!(await person.say(round.text))) problems.push(`${round.name}: ${person.phone} got no reply`);
            } else await person.say(round.text, 0);
            durations.push(Date.now() - t0);
          }
          const note = `Nota de la oficina ${r}-${i}.`;
          await running.app.settle(60_000);
          await running.app.runtime.continueConversation(reference(person.phone), async (context) => {
            await context.sendActivity({ type: 'message', text: note, locale: 'es-ES' });
          });
          if (round.notes === 'kept') kept.set(person.phone, [...(kept.get(person.phone) ?? []), note]);
          const times = graph.sentTo(person.phone).filter((m) => graph.textOf(m) === note).length;
          if (round.notes === 'delivered' && times !== 1) problems.push(`${round.name}: note ${note} delivered ${times} times`);
          if (round.notes !== 'delivered' && times !== 0) problems.push(`${round.name}: note ${note} delivered while WhatsApp refused it`);
        }),
      );
      await running.app.settle(60_000);
      const sends = graph.sendRequests - sendsBefore;
      if (round.failure === 'windowClosed' && sends !== 0) problems.push(`${round.name}: ${sends} sends although the window was closed`);
      block[`round: ${round.name}`] = `${sends} send requests, ${Date.now() - started} ms; turn ${latency(durations)}`;
    }
    fail(graph, 'none');

    // The notes kept in the rate-limit, token and closed-window rounds arrive in order before the last answer.
    for (const person of people) {
      const texts = graph.sentTo(person.phone).map((m) => graph.textOf(m));
      const positions = (kept.get(person.phone) ?? []).map((note) => texts.indexOf(note));
      const lastNote = texts.indexOf(`Nota de la oficina ${ROUNDS.length - 1}-${people.indexOf(person)}.`);
      if (positions.some((p) => p < 0)) problems.push(`${person.phone}: a kept note never arrived`);
      if (positions.some((p, i) => i > 0 && p < (positions[i - 1] ?? 0))) problems.push(`${person.phone}: kept notes out of order`);
      if (positions.some((p) => p > lastNote)) problems.push(`${person.phone}: a kept note arrived after the next one`);
    }

    const ready = await fetch(`${running.baseUrl}/readyz`);
    const db = new TranscriptDb(running.dataDir);
    const report = emptyReport();
    checkWhatsApp(db, people, graph, report);
    const logged = db.activitiesByConversation(WHATSAPP_CHANNEL);
    const notes = people.flatMap((p) => (logged.get(ids.conversationOf(p.phone)) ?? []).filter((a) => a.activity.name === UNDELIVERED_EVENT).map((a) => a.activity.value as { code: number; kept: number; dropped: number }));
    const rows = db.countRows();
    db.close();
    const dropped = notes.reduce((n, v) => n + v.dropped, 0);
    Object.assign(block, {
      'user messages acknowledged / missing / duplicated': `${report.userMessagesAcknowledged} / ${report.userMessagesMissing} / ${report.userMessagesDuplicated}`,
      'bot replies logged': report.repliesLogged,
      'messages not delivered / delivered twice / delivered but not logged': `${report.notDelivered} / ${report.deliveredTwice} / ${report.deliveredNotLogged}`,
      'undelivered notes for staff (by code)': [...new Set(notes.map((n) => n.code))].map((c) => `${c}: ${notes.filter((n) => n.code === c).length}`).join(', '),
      'messages dropped, as the notes count them': dropped,
      'messages still kept': rows.whatsapp_pending ?? -1,
      'readiness after the failures': ready.status,
    });
    printFigures('WhatsApp API failing', block);

    expect(problems).toEqual([]);
    expect(report.userMessagesAcknowledged).toBe(PEOPLE * (1 + ROUNDS.filter((r) => r.text).length));
    expect({ missing: report.userMessagesMissing, duplicated: report.userMessagesDuplicated, unacknowledged: report.userMessagesUnacknowledged }).toEqual({ missing: 0, duplicated: 0, unacknowledged: 0 });
    expect({ twice: report.deliveredTwice, notLogged: report.deliveredNotLogged }).toEqual({ twice: 0, notLogged: 0 });
    // Every message that did not arrive is counted in a note staff can see.
    expect(report.notDelivered).toBe(dropped);
    expect(rows.whatsapp_pending).toBe(0);
    expect(ready.status).toBe(200);
  });
});
