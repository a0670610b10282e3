import { computeSignature } from '../../src/channels/wechat/wechatCrypto';
import { createApp, type App } from '../../src/app/createApp';
import { DirectLineHttpClient } from '../../src/bench/directLineHttp';
import { loadConfig } from '../../src/config/loadConfig';
import { createLogger } from '../../src/util/logger';
import { type FakeWechatApi, startFakeWechatApi } from '../channels/wechat/fakeWechatApi';
import { makeTempDir } from '../helpers/testRuntime';
import { createPostgresDatabase } from './testDatabases';

const TOKEN = 'camino-log-test-token';
const NAME = 'Esperanza Villalobos';
const PHONE = '+1 213 555 0147';
const EMAIL = 'esperanza.villalobos@example.org';
const OPEN_ID = 'oLogTest9xQw2ZfVbN7mKp3RtYs';

async function pushWechat(base: string, content: string, msgId: string, signature?: string): Promise<number> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = `n${msgId}`;
  const xml = `<xml><ToUserName><![CDATA[gh_firm]]></ToUserName><FromUserName><![CDATA[${OPEN_ID}]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;
  const response = await fetch(`${base}/wechat?signature=${signature ?? computeSignature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: xml,
  });
  await response.text();
  return response.status;
}

describe('logs', () => {
  let app: App | undefined;
  let wechat: FakeWechatApi | undefined;
  afterAll(async () => {
    await app?.close(1000);
    await wechat?.close();
  });

  it('never carry names, phone numbers, emails, WeChat OpenIDs or message text, at the most detailed level', async () => {
    wechat = await startFakeWechatApi();
    const lines: string[] = [];
    const config = loadConfig({
      PORT: '0', HOST: '127.0.0.1', DATA_DIR: makeTempDir(), LOG_LEVEL: 'debug', DATABASE_URL: await createPostgresDatabase(),
      WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: 'wxlogtest', WECHAT_APP_SECRET: 'secret', WECHAT_API_BASE_URL: wechat.baseUrl, WECHAT_REPLY_BUDGET_MS: '1500',
    });
    app = await createApp(config, createLogger(config.logLevel, (line) => lines.push(line)));
    const base = `http://127.0.0.1:${await app.listen()}`;

    const client = await DirectLineHttpClient.start(base);
    for (const text of [`my name is ${NAME}`, `call me at ${PHONE}`, `or write to ${EMAIL}`, `my WeChat is ${OPEN_ID}`]) await client.ask(text);
    expect(await pushWechat(base, `${NAME} ${PHONE} ${EMAIL}`, '7001')).toBe(200);
    // A forged push and a broken Direct Line post are logged as warnings: they must not leak either.
    expect(await pushWechat(base, `${NAME} again`, '7002', 'forged')).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${base}/v3/directline/conversations/${client.conversationId}/activities`, { method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' }, body: `{"type":"message","text":"${PHONE}"` })).status).toBeGreaterThanOrEqual(400);
    await app.close(1000);

    expect(lines.length).toBeGreaterThan(0);
    const output = lines.join('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    for (const secret of [NAME, 'Villalobos', PHONE, '2135550147', '555 0147', EMAIL, OPEN_ID, 'call me at', TOKEN, client.token]) {
      expect(output).not.toContain(secret);
    }
  });
});
