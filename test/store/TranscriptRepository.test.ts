import type { Database } from '../../src/store/openDatabase';
import { InvalidContinuationTokenError } from '../../src/store/pageToken';
import { TranscriptRepository, type TranscriptRecord } from '../../src/store/TranscriptRepository';
import { createEngineDatabase, ENGINES, type EngineDatabase, type TestEngine } from '../pg/testDatabases';

let folder: EngineDatabase;
let database: Database;
let transcripts: TranscriptRepository;
/** A fresh database on `engine` for each test of the calling describe block. */
function useEngine(engine: TestEngine): void {
  beforeEach(async () => {
    folder = await createEngineDatabase(engine);
    database = await folder.open();
    transcripts = new TranscriptRepository(database);
  });
  afterEach(() => folder.cleanup());
}

function message(conversationId: string, activityId: string, text: string, overrides: Partial<TranscriptRecord> = {}): TranscriptRecord {
  const timestamp = overrides.timestamp ?? '2023-05-12T10:00:00.000Z';
  return {
    channelId: 'webchat',
    conversationId,
    activityId,
    direction: 'in',
    timestamp,
    activity: { type: 'message', id: activityId, text, timestamp, conversation: { id: conversationId } },
    ...overrides,
  };
}

async function texts(conversationId: string, options?: Parameters<TranscriptRepository['list']>[2]): Promise<unknown[]> {
  const rows = await transcripts.list('webchat', conversationId, options);
  return rows.map((row) => row.activity.text);
}

describe.each(ENGINES)('TranscriptRepository.append on %s', (engine) => {
  useEngine(engine);
  it('numbers activities in one global order across conversations', async () => {
    const a1 = await transcripts.append(message('a', '1', 'hola'));
    const b1 = await transcripts.append(message('b', '1', 'hello'));
    const a2 = await transcripts.append(message('a', '2', '¿me pueden ayudar?', { direction: 'out' }));
    expect([a1, b1, a2]).toEqual([
      { seq: a1.seq, duplicate: false },
      { seq: a1.seq + 1, duplicate: false },
      { seq: a1.seq + 2, duplicate: false },
    ]);
    expect(await transcripts.lastSeq('webchat', 'a')).toBe(a2.seq);
    expect(await transcripts.lastSeq('webchat', 'b')).toBe(b1.seq);
    expect(await transcripts.lastSeq('webchat', 'nobody')).toBe(0);
    expect((await transcripts.list('webchat', 'a')).map((row) => row.direction)).toEqual(['in', 'out']);
  });

  it('recognises a retried activity and stores nothing new', async () => {
    const first = await transcripts.append(message('a', 'same-id', 'first try'));
    const other = await transcripts.append(message('a', 'next', 'next message'));
    const retry = await transcripts.append(message('a', 'same-id', 'second try'));
    expect(retry).toEqual({ seq: first.seq, duplicate: true });
    expect(await texts('a')).toEqual(['first try', 'next message']);
    expect(await transcripts.lastSeq('webchat', 'a')).toBe(other.seq);
  });

  it('treats the same activity id in another conversation or channel as new', async () => {
    await transcripts.append(message('a', '1', 'x'));
    expect((await transcripts.append(message('b', '1', 'y'))).duplicate).toBe(false);
    expect((await transcripts.append(message('a', '1', 'z', { channelId: 'wechat' }))).duplicate).toBe(false);
  });

  it('rejects an activity without a valid timestamp and stores nothing', async () => {
    await expect(transcripts.append(message('a', '1', 'x', { timestamp: 'yesterday' }))).rejects.toThrow('not a valid timestamp');
    expect(await transcripts.list('webchat', 'a')).toEqual([]);
    expect((await transcripts.listConversations('webchat')).items).toEqual([]);
  });

  it('keeps the latest locale given for the conversation', async () => {
    const readLocale = async (): Promise<string | null | undefined> =>
      (await database.db.selectFrom('conversations').select('locale').where('conversation_id', '=', 'a').executeTakeFirst())?.locale;
    await transcripts.append(message('a', '1', 'x'));
    expect(await readLocale()).toBeNull();
    await transcripts.append(message('a', '2', 'x', { locale: 'zh-CN' }));
    await transcripts.append(message('a', '3', 'x', { direction: 'out' }));
    expect(await readLocale()).toBe('zh-CN');
  });
});

describe.each(ENGINES)('the step a conversation stopped at, on %s', (engine) => {
  useEngine(engine);
  it('keeps the first tag of the latest bot message, ignoring staff messages and the person', async () => {
    const readStep = async () => (await database.db.selectFrom('conversations').select('last_step').where('conversation_id', '=', 'a').executeTakeFirst())?.last_step;
    const bot = (id: string, channelData: unknown) => message('a', id, 'x', { direction: 'out', activity: { type: 'message', text: 'x', channelData } });
    await transcripts.append(message('a', '1', 'hello'));
    expect(await readStep()).toBeNull();
    await transcripts.append(bot('2', { camino: { tags: ['screening:q.fear.prompt', 'extra'] } }));
    expect(await readStep()).toBe('screening:q.fear.prompt');
    await transcripts.append(message('a', '3', 'skip'));
    await transcripts.append(bot('4', { camino: { tags: ['staff.message'], staff: true } }));
    await transcripts.append(bot('5', {}));
    expect(await readStep()).toBe('screening:q.fear.prompt');
    await transcripts.append(bot('6', { camino: { tags: ['card:mexico-returns'] } }));
    expect(await readStep()).toBe('card:mexico-returns');
  });
});

describe.each(ENGINES)('TranscriptRepository.list on %s', (engine) => {
  useEngine(engine);
  const times = ['2023-05-11T23:58:00.000Z', '2023-05-11T23:59:00.000Z', '2023-05-12T00:00:00.000Z', '2023-05-12T00:01:00.000Z'];
  let seqs: number[];
  beforeEach(async () => {
    seqs = [];
    for (const [i, timestamp] of times.entries()) seqs.push((await transcripts.append(message('a', `m${i}`, `m${i}`, { timestamp }))).seq);
    await transcripts.append(message('other', 'm9', 'not mine'));
  });

  it.each<{ name: string; options: () => Parameters<TranscriptRepository['list']>[2]; expected: string[] }>([
    { name: 'everything, oldest first', options: () => ({}), expected: ['m0', 'm1', 'm2', 'm3'] },
    { name: 'after a sequence number', options: () => ({ afterSeq: seqs[1] }), expected: ['m2', 'm3'] },
    { name: 'after the last one', options: () => ({ afterSeq: seqs[3] }), expected: [] },
    { name: 'from a start date, inclusive', options: () => ({ startDate: '2023-05-11T23:59:00Z' }), expected: ['m1', 'm2', 'm3'] },
    { name: 'from a start date in another time zone', options: () => ({ startDate: '2023-05-11T18:00:00-06:00' }), expected: ['m2', 'm3'] },
    { name: 'up to a limit', options: () => ({ limit: 2 }), expected: ['m0', 'm1'] },
    { name: 'a page after a sequence number', options: () => ({ afterSeq: seqs[0], limit: 2 }), expected: ['m1', 'm2'] },
  ])('returns $name', async ({ options, expected }) => {
    expect(await texts('a', options())).toEqual(expected);
  });

  it.each([0, -1, 1.5])('rejects a limit of %p', async (limit) => {
    await expect(transcripts.list('webchat', 'a', { limit })).rejects.toThrow(RangeError);
  });
});

describe.each(ENGINES)('TranscriptRepository.listConversations on %s', (engine) => {
  useEngine(engine);
  // Two conversations start at the same instant, so the page order has to break the tie.
  const starts: Array<[string, string]> = [
    ['c1', '2023-05-10T08:00:00.000Z'],
    ['c2', '2023-05-11T08:00:00.000Z'],
    ['c3', '2023-05-11T08:00:00.000Z'],
    ['c4', '2023-05-12T08:00:00.000Z'],
    ['c5', '2023-05-13T08:00:00.000Z'],
  ];
  beforeEach(async () => {
    for (const [id, timestamp] of starts) await transcripts.append(message(id, 'first', 'hi', { timestamp }));
    await transcripts.append(message('c1', 'later', 'still here', { timestamp: '2023-05-20T08:00:00.000Z' }));
    await transcripts.append(message('elsewhere', 'first', 'hi', { channelId: 'wechat' }));
  });

  it('lists newest first, with the first activity as the creation time', async () => {
    const page = await transcripts.listConversations('webchat');
    expect(page).toEqual({
      items: [
        { channelId: 'webchat', id: 'c5', created: '2023-05-13T08:00:00.000Z' },
        { channelId: 'webchat', id: 'c4', created: '2023-05-12T08:00:00.000Z' },
        { channelId: 'webchat', id: 'c3', created: '2023-05-11T08:00:00.000Z' },
        { channelId: 'webchat', id: 'c2', created: '2023-05-11T08:00:00.000Z' },
        { channelId: 'webchat', id: 'c1', created: '2023-05-10T08:00:00.000Z' },
      ],
    });
  });

  it.each([1, 2, 3, 4, 5, 6])('pages of %i visit every conversation once, in order', async (limit) => {
    const seen: string[] = [];
    let continuationToken: string | undefined;
    let pages = 0;
    do {
      const page = await transcripts.listConversations('webchat', { continuationToken, limit });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items.map((item) => item.id));
      continuationToken = page.continuationToken;
      pages += 1;
    } while (continuationToken && pages < 10);
    expect(seen).toEqual(['c5', 'c4', 'c3', 'c2', 'c1']);
    expect(pages).toBe(Math.ceil(5 / limit));
  });

  it('keeps paging stable when a new conversation starts between pages', async () => {
    const first = await transcripts.listConversations('webchat', { limit: 2 });
    await transcripts.append(message('c6', 'first', 'hi', { timestamp: '2023-05-14T08:00:00.000Z' }));
    const second = await transcripts.listConversations('webchat', { limit: 2, continuationToken: first.continuationToken });
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(['c5', 'c4', 'c3', 'c2']);
  });

  it.each(['not-a-token', Buffer.from('[1,2]').toString('base64url'), Buffer.from('{"c":1,"i":"x"}').toString('base64url')])(
    'rejects the made-up token %p',
    async (continuationToken) => {
      await expect(transcripts.listConversations('webchat', { continuationToken })).rejects.toThrow(InvalidContinuationTokenError);
    },
  );
});

describe.each(ENGINES)('TranscriptRepository.deleteConversation on %s', (engine) => {
  useEngine(engine);
  it('removes the activities and the conversation, and nothing else', async () => {
    await transcripts.append(message('gone', '1', 'please delete my data'));
    await transcripts.append(message('gone', '2', 'ok', { direction: 'out' }));
    await transcripts.append(message('kept', '1', 'hello'));
    await transcripts.deleteConversation('webchat', 'gone');
    expect(await transcripts.list('webchat', 'gone')).toEqual([]);
    expect(await transcripts.lastSeq('webchat', 'gone')).toBe(0);
    expect((await transcripts.listConversations('webchat')).items.map((item) => item.id)).toEqual(['kept']);
    expect(await texts('kept')).toEqual(['hello']);
    const leftover = await database.db.selectFrom('activities').select('data').execute();
    expect(leftover.map((row) => row.data).join()).not.toContain('please delete my data');
  });

  it('lets the same activity id be logged again after a delete', async () => {
    await transcripts.append(message('c', '1', 'before'));
    await transcripts.deleteConversation('webchat', 'c');
    expect((await transcripts.append(message('c', '1', 'after'))).duplicate).toBe(false);
    expect(await texts('c')).toEqual(['after']);
  });
});

describe.each(ENGINES)('TranscriptRepository contents on %s', (engine) => {
  useEngine(engine);
  it('round-trips Chinese, Spanish, emoji and nested payloads unchanged', async () => {
    const activity = {
      type: 'message',
      id: '🙂-1',
      locale: 'zh-CN',
      text: '我想申请庇护。¿Qué hago? 🙏',
      from: { id: '用户/一', role: 'user' },
      conversation: { id: '会话 一' },
      channelData: { clientActivityID: 'x', nested: { list: [1, 'dos', { 三: null }], flag: false } },
      suggestedActions: { actions: [{ type: 'imBack', title: 'Asilo', value: 'asilo' }] },
    };
    await transcripts.append({ channelId: 'webchat', conversationId: '会话 一', activityId: '🙂-1', direction: 'in', timestamp: '2023-05-12T00:00:00Z', activity });
    expect(await transcripts.list('webchat', '会话 一')).toEqual([{ seq: expect.any(Number), direction: 'in', activity }]);
  });

  it('keeps transcripts across close and reopen', async () => {
    const { seq } = await transcripts.append(message('a', '1', 'persisted'));
    await database.close();
    const reopened = new TranscriptRepository(await folder.open());
    expect(await reopened.list('webchat', 'a')).toEqual([{ seq, direction: 'in', activity: expect.objectContaining({ text: 'persisted' }) }]);
    expect(await reopened.lastSeq('webchat', 'a')).toBe(seq);
    expect((await reopened.append(message('a', '2', 'next'))).seq).toBe(seq + 1);
  });

  it('never reuses a sequence number, even after the newest activity is deleted', async () => {
    const { seq } = await transcripts.append(message('a', '1', 'x'));
    await transcripts.deleteConversation('webchat', 'a');
    expect((await transcripts.append(message('b', '1', 'y'))).seq).toBe(seq + 1);
  });
});
