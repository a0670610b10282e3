import { XMLParser } from 'fast-xml-parser';
import { computeSignature } from '../../../src/channels/wechat/wechatCrypto';
import { startApp, type RunningApp } from '../../helpers/httpApp';
import { startFakeOpenAi, type FakeOpenAi } from '../../helpers/fakeOpenAi';
import { type FakeWechatApi, startFakeWechatApi } from './fakeWechatApi';

const TOKEN = 'camino-test-token';
const ACCOUNT = 'gh_firm_account';
const parser = new XMLParser({ processEntities: false, parseTagValue: false });
const ANSWER = 'CHNV假释项目已于2025年结束，不再签发新的旅行许可。';

let counter = 5000;
function textPush(openId: string, content: string): string {
  counter += 1;
  return `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${counter}</MsgId></xml>`;
}

async function post(base: string, xml: string): Promise<string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = `llm${counter}`;
  const response = await fetch(`${base}/wechat?signature=${computeSignature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: xml,
  });
  return response.text();
}

async function sentTo(api: FakeWechatApi, openId: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  while (api.sent.filter((m) => m.touser === openId).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return api.sent.filter((m) => m.touser === openId).map((m) => m.content);
}

describe('WeChat with a slow language model', () => {
  let running: RunningApp;
  let api: FakeWechatApi;
  let model: FakeOpenAi;
  beforeAll(async () => {
    api = await startFakeWechatApi();
    model = await startFakeOpenAi();
    running = await startApp({
      WECHAT_TOKEN: TOKEN,
      WECHAT_APP_ID: 'wxb11529c136998cb6',
      WECHAT_APP_SECRET: 'secret',
      WECHAT_API_BASE_URL: api.baseUrl,
      WECHAT_REPLY_BUDGET_MS: '1000',
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_MODEL: 'fake',
      LLM_TIMEOUT_MS: '8000',
    });
  });
  afterAll(async () => {
    await running.app.close();
    await model.close();
    await api.close();
  });

  it('says "one moment" in the passive reply and sends the model answer through the customer-service API', async () => {
    model.reply(() => ({ kind: 'json', body: { answer: ANSWER, cardIds: ['chnv-parole'], needsAttorney: false, safetyConcern: false, outOfScope: false }, delayMs: 2000 }));
    await post(running.baseUrl, textPush('oSlowModel', '你好'));
    const passive = (parser.parse(await post(running.baseUrl, textPush('oSlowModel', '委内瑞拉人的假释项目还开放吗？'))) as { xml: { Content: string } }).xml.Content;
    expect(passive).toBe(running.app.domain.texts.t('zh', 'llm.wait'));
    const later = await sentTo(api, 'oSlowModel', 1);
    expect(later.join('\n')).toContain(ANSWER);
    expect(later.join('\n')).toContain('依据：');
  });

  it('sends the retriever answer through the customer-service API when the model never answers', async () => {
    model.reply(() => ({ kind: 'hang' }));
    const before = api.sent.length;
    await post(running.baseUrl, textPush('oHangingModel', '你好'));
    // Not the first test's question: that one is answered from the cache now.
    await post(running.baseUrl, textPush('oHangingModel', '海地人的假释项目现在还开放吗？'));
    const later = await sentTo(api, 'oHangingModel', 1);
    expect(api.sent.length).toBeGreaterThan(before);
    expect(later.join('\n')).toContain(running.app.domain.texts.t('zh', 'llm.unavailable'));
    expect(later.join('\n')).toContain(running.app.domain.content.get('chnv-parole', 'zh').title);
  });
});
