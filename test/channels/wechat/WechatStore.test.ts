import { OUTSIDE_WINDOW, OVER_QUOTA, SERVICE_WINDOW_MS, WechatStore } from '../../../src/channels/wechat/WechatStore';
import { createEngineDatabase, ENGINES, type EngineDatabase, type TestEngine } from '../../pg/testDatabases';

let folder: EngineDatabase;
/** A fresh database on `engine` for each test of the calling describe block. */
function useEngine(engine: TestEngine): void {
  beforeEach(async () => {
    folder = await createEngineDatabase(engine);
  });
  afterEach(() => folder.cleanup());
}

const at = (iso: string) => new Date(iso);

describe.each(ENGINES)('WechatStore on %s', (engine) => {
  useEngine(engine);
  it('claims a push key once, also after the service restarts, and forgets it after a day', async () => {
    const store = new WechatStore(await folder.open());
    expect(await store.claim('22363405356629000', at('2026-01-01T00:00:00Z'))).toBe(true);
    expect(await store.claim('22363405356629000', at('2026-01-01T00:00:04Z'))).toBe(false);

    const restarted = new WechatStore(await folder.open());
    expect(await restarted.claim('22363405356629000', at('2026-01-01T00:00:09Z'))).toBe(false);
    await restarted.forgetOld(at('2026-01-02T00:00:01Z'));
    expect(await restarted.claim('22363405356629000', at('2026-01-02T00:00:02Z'))).toBe(true);
  });

  it('lets exactly one of two instances claim a push both received at once, and counts their sends against one quota', async () => {
    const [one, two] = [new WechatStore(await folder.open()), new WechatStore(await folder.open())];
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two).claim('22363405356629999')));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await one.openWindow('o1', new Date());
    const sends = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two).reserveSend('o1')));
    expect(sends.filter((p) => p.ok)).toHaveLength(5);
  });

  it('keeps a pending reply across a restart and hands it over once, oldest first', async () => {
    const store = new WechatStore(await folder.open());
    await store.keepPending('o1', 'first', '45015');
    await store.keepPending('o1', 'second', '45015');
    await store.keepPending('o2', 'other person', '45047');
    const restarted = new WechatStore(await folder.open());
    expect(await restarted.pendingReasons('o1')).toEqual(['45015', '45015']);
    expect(await restarted.takePending('o1')).toEqual(['first', 'second']);
    expect(await restarted.takePending('o1')).toEqual([]);
    expect(await restarted.takePending('o2')).toEqual(['other person']);
  });

  it.each([
    ['no message from the person yet', [], 0, { ok: false, code: OUTSIDE_WINDOW }],
    ['a message a minute ago', ['2026-01-01T00:00:00Z'], 60_000, { ok: true }],
    ['a message just inside 48 hours ago', ['2026-01-01T00:00:00Z'], SERVICE_WINDOW_MS, { ok: true }],
    ['a message just over 48 hours ago', ['2026-01-01T00:00:00Z'], SERVICE_WINDOW_MS + 1000, { ok: false, code: OUTSIDE_WINDOW }],
  ])('a customer-service send with %s', async (_name, messages, afterMs, expected) => {
    const store = new WechatStore(await folder.open());
    for (const when of messages) await store.openWindow('o1', at(when));
    expect(await store.reserveSend('o1', new Date(Date.parse('2026-01-01T00:00:00Z') + afterMs))).toEqual(expected);
  });

  it('allows five sends per window and a fresh five after the person writes again', async () => {
    const store = new WechatStore(await folder.open());
    await store.openWindow('o1', at('2026-01-01T00:00:00Z'));
    const first = [];
    for (let i = 0; i < 6; i += 1) first.push(await store.reserveSend('o1', at('2026-01-01T01:00:00Z')));
    expect(first.filter((p) => p.ok)).toHaveLength(5);
    expect(first[5]).toEqual({ ok: false, code: OVER_QUOTA });
    await store.openWindow('o1', at('2026-01-01T02:00:00Z'));
    expect(await store.reserveSend('o1', at('2026-01-01T02:00:01Z'))).toEqual({ ok: true });
    expect(await store.reserveSend('o2', at('2026-01-01T02:00:01Z'))).toEqual({ ok: false, code: OUTSIDE_WINDOW });
  });
});
