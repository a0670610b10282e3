import { lastSteps, shownStep } from './harness/cardSteps';
import { checkDirectLine, checkWechat, emptyReport } from './harness/checkDelivery';
import { latency, printFigures } from './harness/figures';
import { startFlakyWechatApi, type FlakyWechatApi } from './harness/flakyWechatApi';
import { createLoad } from './harness/runLoad';
import { freePort } from '../helpers/freePort';
import { ServiceProcess } from './harness/service';
import { TranscriptDb } from './harness/transcriptDb';
import { LOCALES } from './harness/turnScripts';
import { postWechat, wechatEnv } from './harness/wechatUser';
import { makeTempDir } from '../helpers/testRuntime';
import { tearDown } from './harness/tearDown';

const NEXT: Record<string, string> = { [LOCALES.en]: 'next', [LOCALES.es]: 'siguiente', [LOCALES.zh]: '下一个' };
const PEOPLE = { websocketUsers: 80, pollingUsers: 80, wechatUsers: 40 };
const TURNS = 10;

describe('crash: the service is killed with SIGKILL in the middle of the load and restarted', () => {
  let api: FlakyWechatApi;
  let service: ServiceProcess;
  let stopClients: () => Promise<unknown> = () => Promise.resolve();
  const dataDir = makeTempDir('camino-rel-crash-');

  beforeAll(async () => {
    api = await startFlakyWechatApi();
  });
  afterAll(() => tearDown([() => stopClients(), () => service?.stop(), () => api?.close()], [dataDir]));

  it('keeps every acknowledged message, and conversations go on from their last step', async () => {
    const port = await freePort();
    const env = wechatEnv(api.baseUrl);
    service = await ServiceProcess.start({ dataDir, port, env });
    let killed = false;
    const load = createLoad({ baseUrl: service.baseUrl, dataDir, ...PEOPLE, turns: TURNS, concurrency: 100, wechatApi: api, stopped: () => killed });
    stopClients = () => Promise.all(load.directLine.map((u) => u.stop()));
    const running = load.run();
    const planned = (PEOPLE.websocketUsers + PEOPLE.pollingUsers + PEOPLE.wechatUsers) * TURNS;
    while (load.acknowledged() < planned * 0.4) await new Promise((r) => setTimeout(r, 20));
    killed = true;
    const killedAt = Date.now();
    await service.kill();
    const acknowledgedAtKill = load.acknowledged();
    await Promise.all(load.directLine.map((u) => u.stop()));
    await running;

    const restartStarted = Date.now();
    service = await ServiceProcess.start({ dataDir, port, env });
    const restartMs = Date.now() - restartStarted;

    let db = new TranscriptDb(dataDir);
    const afterCrash = emptyReport();
    checkDirectLine(db, load.directLine, afterCrash);
    checkWechat(db, load.wechat, api.delivered, emptyReport());
    const wechatAfterCrash = emptyReport();
    checkWechat(db, load.wechat, api.delivered, wechatAfterCrash);
    const steps = lastSteps(db);
    db.close();

    // Every person comes back: the widget reconnects from its watermark and says "next".
    const outcomes = { successor: 0, repeated: 0, answeredAfterCutTurn: 0, wrong: [] as string[] };
    const continued = load.directLine.filter((u) => u.started);
    const continueLatency: number[] = [];
    await Promise.all(
      continued.map(async (user) => {
        await user.listen();
        const started = Date.now();
        const id = await user.say(NEXT[user.locale]);
        continueLatency.push(Date.now() - started);
        const step = steps.get(user.conversationId);
        if (!step) return;
        if (!step.card) {
          outcomes.answeredAfterCutTurn += 1;
          return;
        }
        await user.waitFor(() => user.repliesTo(id).some((a) => shownStep(a)), 10_000, 'card after "next"').catch(() => undefined);
        const shown = user.repliesTo(id).map(shownStep).find(Boolean);
        if (shown && step.following.has(shown)) outcomes.successor += 1;
        // The kill fell between sending the card and saving the dialog state: the step repeats, it is never skipped.
        else if (shown === step.card) outcomes.repeated += 1;
        else outcomes.wrong.push(`${step.card} -> ${shown ?? 'nothing'} (expected ${[...step.following].join(' or ')})`);
      }),
    );
    // A WeChat retry of a push taken before the crash runs no second turn; a new message gets an answer.
    const wechatRetries: string[] = [];
    const wechatAnswers: number[] = [];
    for (const user of load.wechat.filter((u) => u.acknowledged.length > 0)) {
      const msgId = user.acknowledged.at(-1) ?? '';
      const xml = `<xml><ToUserName><![CDATA[gh_reliability]]></ToUserName><FromUserName><![CDATA[${user.openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[x]]></Content><MsgId>${msgId}</MsgId></xml>`;
      wechatRetries.push((await postWechat(service.baseUrl, xml)).text);
      const sentBefore = api.delivered.get(user.openId)?.length ?? 0;
      const passive = await user.say('菜单');
      if (passive === undefined) await new Promise((r) => setTimeout(r, 3000));
      wechatAnswers.push(passive !== undefined || (api.delivered.get(user.openId)?.length ?? 0) > sentBefore ? 1 : 0);
    }
    await Promise.all(continued.map((u) => u.stop()));

    db = new TranscriptDb(dataDir);
    const afterContinue = emptyReport();
    checkDirectLine(db, continued, afterContinue);
    db.close();

    const checked = outcomes.successor + outcomes.repeated + outcomes.wrong.length;
    printFigures('crash (SIGKILL mid-load, restart on the same data)', {
      people: `${PEOPLE.websocketUsers} WebSocket + ${PEOPLE.pollingUsers} polling + ${PEOPLE.wechatUsers} WeChat, ${TURNS} turns planned each`,
      'killed after': `${acknowledgedAtKill} acknowledged user messages of ${planned} planned`,
      'restart to ready': `${restartMs} ms (down for ${Date.now() - killedAt - (Date.now() - restartStarted) + restartMs} ms)`,
      'acknowledged messages missing after restart': `${afterCrash.userMessagesMissing + wechatAfterCrash.userMessagesMissing} of ${afterCrash.userMessagesAcknowledged + wechatAfterCrash.userMessagesAcknowledged}`,
      'logged but never acknowledged (cut by the kill)': afterCrash.userMessagesUnacknowledged + wechatAfterCrash.userMessagesUnacknowledged,
      'duplicated messages': afterCrash.userMessagesDuplicated + wechatAfterCrash.userMessagesDuplicated + afterContinue.userMessagesDuplicated,
      '"next" after restart': `${checked} checked: ${outcomes.successor} showed the step after their last card, ${outcomes.repeated} repeated their last card (killed before its state was saved), ${outcomes.wrong.length} wrong; ${outcomes.answeredAfterCutTurn} whose last turn the kill cut were answered`,
      'first turn after restart': latency(continueLatency),
      'Direct Line activities not delivered / twice after reconnect': `${afterContinue.notDelivered} / ${afterContinue.deliveredTwice}`,
      'WeChat retried pushes answered "success" (no second turn)': `${wechatRetries.filter((t) => t === 'success').length} of ${wechatRetries.length}`,
      'WeChat people answered after restart': `${wechatAnswers.filter(Boolean).length} of ${wechatAnswers.length}`,
    });

    expect(afterCrash.userMessagesMissing + wechatAfterCrash.userMessagesMissing).toBe(0);
    expect(afterCrash.userMessagesDuplicated + wechatAfterCrash.userMessagesDuplicated + afterContinue.userMessagesDuplicated).toBe(0);
    expect(acknowledgedAtKill).toBeGreaterThanOrEqual(planned * 0.4);
    expect(outcomes.wrong).toEqual([]);
    expect(outcomes.repeated).toBeLessThanOrEqual(Math.max(2, checked / 10));
    expect(checked).toBeGreaterThan(continued.length / 10);
    expect(afterContinue.deliveredTwice).toBe(0);
    expect(afterContinue.notDelivered).toBe(0);
    expect(wechatRetries.every((t) => t === 'success')).toBe(true);
    expect(wechatAnswers.every(Boolean)).toBe(true);
  });
});
