import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_FILE } from '../../../src/app/createApp';
import { parseWechatXml, WechatXmlError } from '../../../src/channels/wechat/parseWechatXml';
import { computeSignature } from '../../../src/channels/wechat/wechatCrypto';
import { startApp, type RunningApp } from '../../helpers/httpApp';
import { type FakeWechatApi, startFakeWechatApi } from './fakeWechatApi';

const TOKEN = 'camino-test-token';
const deep = (n: number) => `<xml>${'<a>'.repeat(n)}${'</a>'.repeat(n)}</xml>`;

describe('parseWechatXml with hostile XML', () => {
  it.each([200, 5000])('refuses %i nested elements as a WechatXmlError (a 400), not a crash', (n) => {
    expect(() => parseWechatXml(deep(n))).toThrow(WechatXmlError);
  });
});

describe('signed WeChat pushes that are not messages', () => {
  let running: RunningApp;
  let api: FakeWechatApi;
  beforeAll(async () => {
    api = await startFakeWechatApi();
    running = await startApp({ WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 'secret', WECHAT_API_BASE_URL: api.baseUrl });
  });
  afterAll(async () => {
    await running.app.close();
    await api.close();
  });

  let nonce = 0;
  const post = async (xml: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const n = `h${(nonce += 1)}`;
    const response = await fetch(`${running.baseUrl}/wechat?signature=${computeSignature(TOKEN, timestamp, n)}&timestamp=${timestamp}&nonce=${n}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
    return response.status;
  };
  const seenRows = () => {
    const db = new BetterSqlite3(path.join(running.dataDir, SQLITE_FILE), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM wechat_seen').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it.each([
    ['deeply nested elements', deep(3000)],
    ['a push with no sender', '<xml><MsgType>text</MsgType><Content>hi</Content></xml>'],
    ['not well-formed XML', '<xml><ToUserName>a'],
  ])('answers %s with 400 and stores nothing', async (_name, xml) => {
    const before = seenRows();
    expect(await post(xml)).toBe(400);
    expect(seenRows()).toBe(before);
  });
});
