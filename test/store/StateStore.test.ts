import type { Database } from '../../src/store/openDatabase';
import { EtagConflictError, StateStore, type StoreItems } from '../../src/store/StateStore';
import { createEngineDatabase, ENGINES, type EngineDatabase, type TestEngine } from '../pg/testDatabases';

let folder: EngineDatabase;
let database: Database;
let store: StateStore;
/** A fresh database on `engine` for each test of the calling describe block. */
function useEngine(engine: TestEngine): void {
  beforeEach(async () => {
    folder = await createEngineDatabase(engine);
    database = await folder.open();
    store = new StateStore(database);
  });
  afterEach(() => folder.cleanup());
}

/** Stands for "the eTag the store holds for this key right now" in the table below. */
const CURRENT = '<current>';

/** What a reader sees, without the eTags (they are random). */
async function readData(keys: string[]): Promise<Record<string, unknown>> {
  const items = await store.read(keys);
  return Object.fromEntries(Object.entries(items).map(([key, { eTag: _eTag, ...data }]) => [key, data]));
}

async function withCurrentEtags(changes: StoreItems): Promise<StoreItems> {
  const current = await store.read(Object.keys(changes));
  return Object.fromEntries(
    Object.entries(changes).map(([key, item]) => [key, item.eTag === CURRENT ? { ...item, eTag: current[key]?.eTag ?? 'no-such-item' } : item]),
  );
}

describe.each(ENGINES)('StateStore eTag semantics on %s', (engine) => {
  useEngine(engine);
  it.each<{ name: string; seed: StoreItems; changes: StoreItems; conflictOn?: string; expected: Record<string, unknown> }>([
    { name: 'creates a key written without an eTag', seed: {}, changes: { a: { n: 1 } }, expected: { a: { n: 1 } } },
    { name: "creates a key written with '*'", seed: {}, changes: { a: { eTag: '*', n: 1 } }, expected: { a: { n: 1 } } },
    { name: 'updates with the current eTag', seed: { a: { n: 1 } }, changes: { a: { eTag: CURRENT, n: 2 } }, expected: { a: { n: 2 } } },
    { name: "overwrites with '*'", seed: { a: { n: 1 } }, changes: { a: { eTag: '*', n: 3 } }, expected: { a: { n: 3 } } },
    { name: 'overwrites without an eTag', seed: { a: { n: 1 } }, changes: { a: { n: 4 } }, expected: { a: { n: 4 } } },
    { name: 'overwrites with an empty eTag', seed: { a: { n: 1 } }, changes: { a: { eTag: '', n: 5 } }, expected: { a: { n: 5 } } },
    {
      name: 'rejects a stale eTag and applies nothing of the batch',
      seed: { a: { n: 1 }, b: { n: 1 } },
      changes: { b: { eTag: CURRENT, n: 2 }, a: { eTag: 'stale', n: 2 }, c: { n: 3 } },
      conflictOn: 'a',
      expected: { a: { n: 1 }, b: { n: 1 } },
    },
    {
      name: 'rejects creating a missing key with a specific eTag',
      seed: { b: { n: 1 } },
      changes: { b: { n: 2 }, a: { eTag: 'made-up', n: 1 } },
      conflictOn: 'a',
      expected: { b: { n: 1 } },
    },
    {
      name: 'replaces the whole item rather than merging it',
      seed: { a: { n: 1, old: 'gone' } },
      changes: { a: { eTag: CURRENT, n: 2 } },
      expected: { a: { n: 2 } },
    },
  ])('$name', async ({ seed, changes, conflictOn, expected }) => {
    await store.write(seed);
    const write = store.write(await withCurrentEtags(changes));
    if (conflictOn === undefined) await write;
    else await expect(write).rejects.toThrow(new EtagConflictError(conflictOn));
    expect(await readData(['a', 'b', 'c'])).toEqual(expected);
  });

  it('names the key in a conflict but none of the data', async () => {
    await store.write({ 'webchat/conversations/abc': { secret: 'my case number' } });
    const error = await store.write({ 'webchat/conversations/abc': { eTag: 'old', secret: 'my case number' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EtagConflictError);
    expect(error).toHaveProperty('key', 'webchat/conversations/abc');
    expect(String(error)).toContain('webchat/conversations/abc');
    expect(String(error)).not.toContain('my case number');
  });

  it('gives every successful write a new eTag and leaves the caller object alone', async () => {
    const item = { eTag: '*', n: 1 };
    await store.write({ a: item });
    const first = (await store.read(['a'])).a?.eTag;
    await store.write({ a: { eTag: first, n: 2 } });
    const second = (await store.read(['a'])).a?.eTag;
    expect(item).toEqual({ eTag: '*', n: 1 });
    expect(first).toEqual(expect.any(String));
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    await expect(store.write({ a: { eTag: first, n: 3 } })).rejects.toThrow(EtagConflictError);
  });

  it('reads only the keys that exist', async () => {
    await store.write({ a: { n: 1 } });
    expect(await readData(['missing', 'a', 'also-missing', 'a'])).toEqual({ a: { n: 1 } });
    expect(await store.read([])).toEqual({});
  });

  it('deletes keys, ignoring ones that do not exist', async () => {
    await store.write({ a: { n: 1 }, b: { n: 2 } });
    await store.delete(['a', 'never-there']);
    expect(await readData(['a', 'b'])).toEqual({ b: { n: 2 } });
  });

  it('deletes by prefix, literally and case-sensitively', async () => {
    const keys = ['wechat/users/o_1', 'wechat/users/o_2', 'wechat/users%x', 'WECHAT/users/o_3', 'webchat/users/u', 'wechat/usersX'];
    await store.write(Object.fromEntries(keys.map((key) => [key, { key }])));
    expect(await store.deleteByPrefix('wechat/users/')).toBe(2);
    expect(Object.keys(await store.read(keys)).sort()).toEqual(['WECHAT/users/o_3', 'webchat/users/u', 'wechat/users%x', 'wechat/usersX']);
    expect(await store.deleteByPrefix('wechat/users%')).toBe(1);
    expect(await store.deleteByPrefix('nothing/')).toBe(0);
    await expect(store.deleteByPrefix('')).rejects.toThrow('non-empty');
  });
});

describe.each(ENGINES)('StateStore contents on %s', (engine) => {
  useEngine(engine);
  it.each([
    ['slashes', 'webchat/conversations/a/b'],
    ['spaces', 'a key with spaces '],
    ['Chinese', '微信/用户/张'],
    ['emoji', 'user/🙂👨‍👩‍👧'],
    ['quotes and SQL', `it's "quoted"; drop table state; --`],
    ['Spanish accents', 'conversación/niño'],
  ])('keeps a key with %s', async (_label, key) => {
    await store.write({ [key]: { text: '你好，我需要帮助 🙏 ¿Dónde está la oficina?' } });
    expect(await readData([key])).toEqual({ [key]: { text: '你好，我需要帮助 🙏 ¿Dónde está la oficina?' } });
    expect(await store.deleteByPrefix(key)).toBe(1);
    expect(await store.read([key])).toEqual({});
  });

  it('round-trips nested JSON unchanged', async () => {
    const dialogState = {
      dialogStack: [{ id: 'screening', state: { options: {}, values: { instanceId: 'x' }, stepIndex: 2, answers: { fear: true, dates: ['2023-05-11'] } } }],
      profile: { locale: 'zh-CN', name: null, phones: [{ kind: 'mobile', value: '+52 55 1234 5678' }], score: 1.5, flags: [] },
    };
    await store.write({ k: { ...dialogState, eTag: '*' } });
    expect(await readData(['k'])).toEqual({ k: dialogState });
  });

  it('keeps state across close and reopen', async () => {
    await store.write({ 'webchat/users/u1': { locale: 'es' } });
    const etag = (await store.read(['webchat/users/u1']))['webchat/users/u1']?.eTag;
    await database.close();
    const reopened = new StateStore(await folder.open());
    expect(await reopened.read(['webchat/users/u1'])).toEqual({ 'webchat/users/u1': { locale: 'es', eTag: etag } });
  });
});

describe.each(ENGINES)('StateStore under contention on %s', (engine) => {
  useEngine(engine);
  it('lets exactly one of 50 writers with the same eTag win, round after round', async () => {
    await store.write({ shared: { round: 0, writer: -1 } });
    for (let round = 1; round <= 5; round += 1) {
      const etag = (await store.read(['shared'])).shared?.eTag;
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_unused, writer) => store.write({ shared: { eTag: etag, round, writer } })),
      );
      const winners = outcomes.flatMap((outcome, writer) => (outcome.status === 'fulfilled' ? [writer] : []));
      const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(49);
      losers.forEach((reason) => expect(reason).toBeInstanceOf(EtagConflictError));
      expect(await readData(['shared'])).toEqual({ shared: { round, writer: winners[0] } });
    }
  });

  it('detects a stale eTag written through a second handle on the same file', async () => {
    const other = new StateStore(await folder.open());
    await store.write({ k: { by: 'first' } });
    const seen = (await other.read(['k'])).k;
    await store.write({ k: { eTag: (await store.read(['k'])).k?.eTag, by: 'first again' } });
    await expect(other.write({ k: { ...seen, by: 'second' } })).rejects.toThrow(EtagConflictError);
    expect(await readData(['k'])).toEqual({ k: { by: 'first again' } });
  });
});
