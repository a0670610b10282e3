import { WechatApi } from '../../../src/channels/wechat/WechatApi';
import { createLogger } from '../../../src/util/logger';
import { type FakeWechatApi, startFakeWechatApi } from './fakeWechatApi';

describe('WechatApi', () => {
  let fake: FakeWechatApi;
  beforeEach(async () => {
    fake = await startFakeWechatApi();
  });
  afterEach(async () => fake.close());

  const api = () => new WechatApi({ appId: 'wx1', appSecret: 's', baseUrl: fake.baseUrl }, createLogger('silent'));

  it('fetches the access_token once for a hundred concurrent sends', async () => {
    const client = api();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => client.sendText(`o${i}`, `hello ${i}`)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.tokenRequests).toBe(1);
    expect(fake.sent).toHaveLength(100);
  });

  it.each([40001, 40014, 42001])('refreshes the token once and retries after error %i', async (code) => {
    const client = api();
    fake.failNext.push(code);
    expect(await client.sendText('o1', 'hi')).toEqual({ ok: true });
    expect(fake.tokenRequests).toBe(2);
    expect(fake.sent).toEqual([{ touser: 'o1', content: 'hi' }]);
  });

  it('gives up after one retry and reports the code', async () => {
    const client = api();
    fake.failNext.push(40001, 40001);
    expect(await client.sendText('o1', 'hi')).toEqual({ ok: false, code: 40001 });
  });

  it.each([45015, 45047])('does not retry error %i (outside the window, over the quota)', async (code) => {
    const client = api();
    fake.failNext.push(code);
    expect(await client.sendText('o1', 'hi')).toEqual({ ok: false, code });
    expect(fake.tokenRequests).toBe(1);
    expect(fake.sent).toHaveLength(0);
  });

  it('does not retry a send that timed out, since WeChat may have delivered it', async () => {
    const client = new WechatApi({ appId: 'wx1', appSecret: 's', baseUrl: fake.baseUrl, timeoutMs: 300 }, createLogger('silent'));
    fake.sendDelayMs = 2000;
    await expect(client.sendText('o1', 'hi')).rejects.toThrow();
    expect(fake.sendRequests).toBe(1);
  });

  it('refreshes the token ahead of its expiry, not after WeChat refuses it', async () => {
    const client = api();
    expect(await client.sendText('o1', 'first')).toEqual({ ok: true });
    const now = Date.now();
    const later = jest.spyOn(Date, 'now').mockReturnValue(now + (7200 - 200) * 1000);
    try {
      expect(await client.sendText('o1', 'second')).toEqual({ ok: true });
    } finally {
      later.mockRestore();
    }
    expect(fake.tokenRequests).toBe(2);
    expect(fake.sendRequests).toBe(2);
  });
});

describe('WechatApi against a slow and limiting WeChat', () => {
  let fake: FakeWechatApi;
  beforeEach(async () => {
    fake = await startFakeWechatApi();
  });
  afterEach(async () => fake.close());

  it('waits for a slow token once, then sends every queued message with it', async () => {
    fake.tokenDelayMs = 300;
    const client = new WechatApi({ appId: 'wx1', appSecret: 's', baseUrl: fake.baseUrl }, createLogger('silent'));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.sendText('o1', `m${i}`)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.tokenRequests).toBe(1);
  });

  it('reports WeChat\'s per-person limit (45047) without retrying', async () => {
    fake.quotaPerUser = 2;
    const client = new WechatApi({ appId: 'wx1', appSecret: 's', baseUrl: fake.baseUrl }, createLogger('silent'));
    const results = [];
    for (const text of ['a', 'b', 'c']) results.push(await client.sendText('o1', text));
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: false, code: 45047 }]);
    expect(fake.sendRequests).toBe(3);
  });
});
