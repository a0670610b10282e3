import { checkDirectLine, checkWechat, emptyReport } from './harness/checkDelivery';
import { latency, mb, printFigures } from './harness/figures';
import { startFlakyWechatApi, type FlakyWechatApi } from './harness/flakyWechatApi';
import { runLoad } from './harness/runLoad';
import { freePort } from '../helpers/freePort';
import { ServiceProcess } from './harness/service';
import { TranscriptDb } from './harness/transcriptDb';
import { wechatEnv } from './harness/wechatUser';
import { checkWhatsApp } from './harness/whatsappUser';
import { type FakeGraphApi, startFakeGraphApi } from '../helpers/fakeGraphApi';
import { whatsappEnv } from '../helpers/whatsappPerson';
import { makeTempDir } from '../helpers/testRuntime';
import { DIRECTLINE_CHANNEL } from '../../src/channels/directline/DirectLineAdapter';
import { tearDown } from './harness/tearDown';

const WEBSOCKET_USERS = Number(process.env.REL_WEBSOCKET_USERS ?? 150);
const POLLING_USERS = Number(process.env.REL_POLLING_USERS ?? 150);
const WECHAT_USERS = Number(process.env.REL_WECHAT_USERS ?? 100);
const WHATSAPP_USERS = Number(process.env.REL_WHATSAPP_USERS ?? 100);
const TURNS = 10;

describe('load: 500 people, 10 turns each, over Direct Line (WebSocket and polling), WeChat and WhatsApp', () => {
  let api: FlakyWechatApi;
  let graph: FakeGraphApi;
  let service: ServiceProcess;
  const dataDir = makeTempDir('camino-rel-load-');

  beforeAll(async () => {
    api = await startFlakyWechatApi();
    graph = await startFakeGraphApi();
    service = await ServiceProcess.start({ dataDir, port: await freePort(), env: { ...wechatEnv(api.baseUrl), ...whatsappEnv(graph) } });
  });
  afterAll(() => tearDown([() => service?.stop(), () => api?.close(), () => graph?.close()], [dataDir]));

  it('logs every message once, delivers every reply once, and answers no request with a 5xx', async () => {
    const memoryBefore = await service.memoryAfterGc();
    const result = await runLoad({ baseUrl: service.baseUrl, dataDir, websocketUsers: WEBSOCKET_USERS, pollingUsers: POLLING_USERS, wechatUsers: WECHAT_USERS, whatsappUsers: WHATSAPP_USERS, turns: TURNS, concurrency: 100, wechatApi: api, whatsappApi: graph });
    const db = new TranscriptDb(dataDir);
    // Replies still on their way (the last turn's second message, a polling interval) get a moment to arrive.
    const settled = Date.now();
    const expectedIds = () => [...db.activitiesByConversation(DIRECTLINE_CHANNEL).values()].reduce((n, rows) => n + rows.filter((r) => r.activity.type === 'message').length, 0);
    const receivedIds = () => result.directLine.reduce((n, u) => n + new Set(u.received.filter((a) => a.type === 'message').map((a) => a.id)).size, 0);
    while (receivedIds() < expectedIds() && Date.now() - settled < 15_000) await new Promise((r) => setTimeout(r, 200));
    // WhatsApp replies after a turn's first are sent one by one: wait until the Graph API has had a quiet second.
    let sends = -1;
    while (sends !== graph.sendRequests && Date.now() - settled < 30_000) {
      sends = graph.sendRequests;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await Promise.all(result.directLine.map((u) => u.stop()));
    const report = emptyReport();
    checkDirectLine(db, result.directLine, report);
    checkWechat(db, result.wechat, api.delivered, report);
    checkWhatsApp(db, result.whatsapp, graph, report);
    const rows = db.countRows();
    db.close();
    const memoryAfter = await service.memoryAfterGc();

    const statuses = [...result.directLine.flatMap((u) => u.statuses), ...result.wechat.flatMap((u) => u.statuses), ...result.whatsapp.flatMap((u) => u.statuses)];
    const dlLatency = result.directLine.flatMap((u) => u.turnLatencies);
    const wechatLatency = result.wechat.flatMap((u) => u.turnLatencies);
    const whatsappLatency = result.whatsapp.flatMap((u) => u.turnLatencies);
    const turns = dlLatency.length + wechatLatency.length + whatsappLatency.length;
    printFigures('load', {
      people: `${WEBSOCKET_USERS} WebSocket + ${POLLING_USERS} polling + ${WECHAT_USERS} WeChat + ${WHATSAPP_USERS} WhatsApp, ${TURNS} turns each, 100 at a time`,
      duration: `${(result.durationMs / 1000).toFixed(1)} s, ${((turns / result.durationMs) * 1000).toFixed(1)} turns/s`,
      'turns completed': turns,
      'requests': `${statuses.length} (${statuses.filter((s) => s >= 500).length} 5xx, ${statuses.filter((s) => s >= 400 && s < 500).length} 4xx)`,
      'failed people': [...result.failures].map(([k, v]) => `${k}: ${v}`).join('; ') || 'none',
      'Direct Line turn latency': latency(dlLatency),
      'WeChat turn latency': latency(wechatLatency),
      'WhatsApp time to first reply': latency(whatsappLatency),
      'WhatsApp sends (read receipts)': `${graph.sent.length} (${graph.reads.length})`,
      'WeChat customer-service sends': `${[...api.delivered.values()].reduce((n, l) => n + l.length, 0)} (passive replies ${result.wechat.reduce((n, u) => n + u.passive.length, 0)})`,
      'user messages acknowledged': report.userMessagesAcknowledged,
      'missing / duplicated / unacknowledged': `${report.userMessagesMissing} / ${report.userMessagesDuplicated} / ${report.userMessagesUnacknowledged}`,
      'bot replies logged': report.repliesLogged,
      'activities not delivered / delivered twice / received but not logged': `${report.notDelivered} / ${report.deliveredTwice} / ${report.deliveredNotLogged}`,
      'activities rows': rows.activities,
      'memory after GC (rss, heap)': `before ${mb(memoryBefore.rss)}, ${mb(memoryBefore.heapUsed)}; after ${mb(memoryAfter.rss)}, ${mb(memoryAfter.heapUsed)}`,
    });

    expect(result.failures).toEqual(new Map());
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(turns).toBe((WEBSOCKET_USERS + POLLING_USERS + WECHAT_USERS + WHATSAPP_USERS) * TURNS);
    expect(report).toEqual({ ...emptyReport(), userMessagesAcknowledged: turns, repliesLogged: report.repliesLogged });
    expect(report.repliesLogged).toBeGreaterThanOrEqual(turns);
    expect(service.running).toBe(true);
  });
});
