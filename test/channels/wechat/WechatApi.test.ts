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
    const client = api();
    fake.sendDelayMs = 6000;
    await expect(client.sendText('o1', 'hi')).rejects.toThrow();
    expect(fake.sendRequests).toBe(1);
  }, 15_000);
});
