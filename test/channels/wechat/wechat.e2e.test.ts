import { XMLParser } from 'fast-xml-parser';
import { computeSignature, decodeAesKey, decryptMessage, encryptMessage } from '../../../src/channels/wechat/wechatCrypto';
import { startApp, type RunningApp } from '../../helpers/httpApp';
import { type FakeWechatApi, startFakeWechatApi } from './fakeWechatApi';

const TOKEN = 'camino-test-token';
const APP_ID = 'wxb11529c136998cb6';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const ACCOUNT = 'gh_firm_account';
const parser = new XMLParser({ processEntities: false, parseTagValue: false });

let msgCounter = 1000;
function push(openId: string, inner: string, msgId = String((msgCounter += 1))): string {
  return `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>${inner}<MsgId>${msgId}</MsgId></xml>`;
}
const textPush = (openId: string, content: string, msgId?: string) => push(openId, `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content>`, msgId);
const subscribePush = (openId: string) =>
  `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`;

async function postPlain(base: string, xml: string, options: { timestamp?: number; signature?: string; contentType?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = 'n0nce';
  const signature = options.signature ?? computeSignature(TOKEN, timestamp, nonce);
  const response = await fetch(`${base}/wechat?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'text/xml' },
    body: xml,
  });
  return { status: response.status, text: await response.text() };
}

function replyContent(xml: string): string {
  return (parser.parse(xml) as { xml: { Content: string } }).xml.Content;
}

describe('WeChat in plain mode', () => {
  let running: RunningApp;
  let api: FakeWechatApi;
  beforeAll(async () => {
    api = await startFakeWechatApi();
    running = await startApp({ WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: 'secret', WECHAT_API_BASE_URL: api.baseUrl, WECHAT_REPLY_BUDGET_MS: '1500' });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await running.app.close();
    await api.close();
  });

  it('answers the URL check with echostr for the right signature and 401 otherwise', async () => {
    const good = await fetch(`${running.baseUrl}/wechat?signature=${computeSignature(TOKEN, '123', 'abc')}&timestamp=123&nonce=abc&echostr=hello123`);
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('hello123');
    const bad = await fetch(`${running.baseUrl}/wechat?signature=${'0'.repeat(40)}&timestamp=123&nonce=abc&echostr=hello123`);
    expect(bad.status).toBe(401);
    expect(await bad.text()).not.toContain('hello123');
  });

  it('welcomes a new follower in Chinese with a numbered menu, then runs the guided conversation by number and by words', async () => {
    const welcome = await postPlain(running.baseUrl, subscribePush('oUserA'));
    expect(welcome.status).toBe(200);
    const greeting = replyContent(welcome.text);
    expect(greeting).toContain('我不是律师');
    expect(greeting).toMatch(/\n1\. 墨西哥接收遣返（2023）\n2\. 庇护和其他途径/);
    expect(greeting).not.toContain('**');

    const byNumber = replyContent((await postPlain(running.baseUrl, textPush('oUserA', '2'))).text);
    expect(byNumber).toContain('庇护');
    expect(byNumber).toMatch(/截至/);
    const byWords = replyContent((await postPlain(running.baseUrl, textPush('oUserA', '下一条'))).text);
    expect(byWords).toContain('一年');

    const spanish = replyContent((await postPlain(running.baseUrl, textPush('oUserA', 'Español'))).text);
    expect(spanish).toContain('Continuaré en español');
  });

  it('runs one turn for a push WeChat retries, even while the first is still running', async () => {
    const xml = textPush('oUserB', '你好', '9223372036854775001');
    const [first, second] = await Promise.all([postPlain(running.baseUrl, xml), postPlain(running.baseUrl, xml)]);
    const answers = [first.text, second.text];
    expect(answers.filter((t) => t === 'success')).toHaveLength(1);
    expect(answers.filter((t) => t.startsWith('<xml>'))).toHaveLength(1);
    const log = await running.app.runtime.transcripts.list('wechat', 'oUserB');
    expect(log.filter((r) => r.direction === 'in')).toHaveLength(1);
  });

  it('answers "success" at once for a slow turn and sends the reply through the customer-service API', async () => {
    await postPlain(running.baseUrl, subscribePush('oUserC'));
    const bot = running.app.runtime.bot;
    const run = bot.run.bind(bot);
    const spy = jest.spyOn(bot, 'run').mockImplementation(async (context) => {
      await new Promise((r) => setTimeout(r, 2000));
      return run(context);
    });
    try {
      const started = Date.now();
      const answer = await postPlain(running.baseUrl, textPush('oUserC', '3'));
      expect(answer.text).toBe('success');
      expect(Date.now() - started).toBeLessThan(1900);
      const deadline = Date.now() + 10_000;
      while (!api.sent.some((m) => m.touser === 'oUserC') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const sent = api.sent.filter((m) => m.touser === 'oUserC');
      expect(sent).toHaveLength(1);
      expect(sent[0].content).toContain('2023');
    } finally {
      spy.mockRestore();
    }
  });

  it('answers a voice message by its transcript, asks to type when there is none, and says it reads only text for a picture', async () => {
    await postPlain(running.baseUrl, subscribePush('oUserV'));
    const recognised = replyContent((await postPlain(running.baseUrl, push('oUserV', '<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m1]]></MediaId><Recognition><![CDATA[第42条是什么]]></Recognition>'))).text);
    expect(recognised).toContain('2023年5月11日');
    const silent = replyContent((await postPlain(running.baseUrl, push('oUserV', '<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[m2]]></MediaId>'))).text);
    expect(silent).toContain('请改用文字输入');
    const picture = replyContent((await postPlain(running.baseUrl, push('oUserV', '<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[http://127.0.0.1/x.jpg]]></PicUrl>'))).text);
    expect(picture).toContain('我只能阅读文字消息');
  });

  it('opens a topic from the account’s bottom menu (CLICK), whatever step the person is at', async () => {
    await postPlain(running.baseUrl, subscribePush('oUserM'));
    await postPlain(running.baseUrl, textPush('oUserM', '2'));
    const click = push('oUserM', '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[CLICK]]></Event><EventKey><![CDATA[CAMINO_CONTACT]]></EventKey>', undefined).replace(/<MsgId>\d+<\/MsgId>/, '');
    const reply = replyContent((await postPlain(running.baseUrl, click)).text);
    expect(reply).toContain('yimin7788');
  });

  it('serves a burst of 50 people at once, each getting their own passive reply within the budget', async () => {
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const t0 = Date.now();
        const { status, text } = await postPlain(running.baseUrl, subscribePush(`oBurst${i}`));
        return { status, text, ms: Date.now() - t0, i };
      }),
    );
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(replyContent(a.text)).toContain('我不是律师');
      expect((parser.parse(a.text) as { xml: { ToUserName: string } }).xml.ToUserName).toBe(`oBurst${a.i}`);
    }
    const slowest = Math.max(...answers.map((a) => a.ms));
    process.stdout.write(`wechat burst: 50 passive replies, slowest ${slowest} ms, all done in ${Date.now() - started} ms\n`);
    expect(slowest).toBeLessThan(1500);
  });

  it('delivers a staff message to a follower through the customer-service API', async () => {
    await postPlain(running.baseUrl, subscribePush('oUserS'));
    await running.app.runtime.continueConversation(
      { channelId: 'wechat', conversation: { id: 'oUserS', isGroup: false, conversationType: 'personal', name: '' }, user: { id: 'oUserS', name: '' }, bot: { id: ACCOUNT, name: '' }, serviceUrl: 'wechat' },
      async (context) => {
        await context.sendActivity('An attorney will call you at 3 pm.');
      },
    );
    expect(api.sent.filter((m) => m.touser === 'oUserS')).toEqual([{ touser: 'oUserS', content: 'An attorney will call you at 3 pm.' }]);
  });

  it('refuses a body over 64 KiB with 413 and runs no turn', async () => {
    const result = await postPlain(running.baseUrl, textPush('oUserBig', 'x'.repeat(70 * 1024)));
    expect(result.status).toBe(413);
    expect(await running.app.runtime.transcripts.list('wechat', 'oUserBig')).toHaveLength(0);
  });

  it('keeps a reply WeChat refuses outside the 48-hour window and delivers it with the next answer', async () => {
    await postPlain(running.baseUrl, subscribePush('oUserP'));
    await running.app.runtime.continueConversation(
      { channelId: 'wechat', conversation: { id: 'oUserP', isGroup: false, conversationType: 'personal', name: '' }, user: { id: 'oUserP', name: '' }, bot: { id: ACCOUNT, name: '' }, serviceUrl: 'wechat' },
      async (context) => {
        api.failNext.push(45015);
        await context.sendActivity('A message from the office.');
      },
    );
    expect(api.sent.filter((m) => m.touser === 'oUserP')).toHaveLength(0);
    const next = replyContent((await postPlain(running.baseUrl, textPush('oUserP', '菜单'))).text);
    expect(next.startsWith('A message from the office.')).toBe(true);
  });

  it.each([
    ['a JSON content type', { contentType: 'application/json' }, [400]],
    ['a form content type', { contentType: 'application/x-www-form-urlencoded' }, [400, 415]],
    ['a plain-text content type', { contentType: 'text/plain' }, [415]],
    ['a bad signature', { signature: 'f'.repeat(40) }, [401]],
    ['an old timestamp (a replay)', { timestamp: Math.floor(Date.now() / 1000) - 3600 }, [401]],
  ])('refuses %s and runs no turn', async (_name, options, statuses) => {
    const result = await postPlain(running.baseUrl, textPush('oUserD', 'hello'), options);
    expect(statuses).toContain(result.status);
    expect(await running.app.runtime.transcripts.list('wechat', 'oUserD')).toHaveLength(0);
  });

  it.each([
    ['an XXE payload', '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><FromUserName>&x;</FromUserName></xml>'],
    ['truncated XML', '<xml><FromUserName><![CDATA[oUserE]]></FromUserName>'],
  ])('refuses %s with 400', async (_name, xml) => {
    expect((await postPlain(running.baseUrl, xml)).status).toBe(400);
  });
});

describe('WeChat in safe mode', () => {
  let running: RunningApp;
  let api: FakeWechatApi;
  const key = decodeAesKey(AES_KEY);
  beforeAll(async () => {
    api = await startFakeWechatApi();
    running = await startApp({
      WECHAT_TOKEN: TOKEN,
      WECHAT_APP_ID: APP_ID,
      WECHAT_APP_SECRET: 'secret',
      WECHAT_ENCODING_AES_KEY: AES_KEY,
      WECHAT_API_BASE_URL: api.baseUrl,
    });
  });
  afterAll(async () => {
    await running.app.close();
    await api.close();
  });

  async function postSafe(inner: string, tamper = false) {
    const encrypted = encryptMessage(key, APP_ID, inner);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = 'safe-nonce';
    const msgSignature = computeSignature(TOKEN, timestamp, nonce, tamper ? `${encrypted}x` : encrypted);
    const response = await fetch(`${running.baseUrl}/wechat?encrypt_type=aes&msg_signature=${msgSignature}&timestamp=${timestamp}&nonce=${nonce}&signature=x`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
    });
    return { status: response.status, text: await response.text() };
  }

  function openReply(xml: string): string {
    const outer = (parser.parse(xml) as { xml: { Encrypt: string; MsgSignature: string; TimeStamp: string; Nonce: string } }).xml;
    expect(outer.MsgSignature).toBe(computeSignature(TOKEN, String(outer.TimeStamp), outer.Nonce, outer.Encrypt));
    return replyContent(decryptMessage(key, APP_ID, outer.Encrypt));
  }

  it('runs a Chinese conversation from subscribe to the office contact card, encrypted both ways', async () => {
    const welcome = await postSafe(subscribePush('oSafe1'));
    expect(openReply(welcome.text)).toContain('我不是律师');
    const contact = openReply((await postSafe(textPush('oSafe1', '联系办公室'))).text);
    expect(contact).toContain('yimin7788');
    expect(contact).toContain('(626) 795-6777');
    expect(contact).not.toContain('tel:');
  });

  it('refuses a push whose msg_signature does not cover the ciphertext', async () => {
    expect((await postSafe(textPush('oSafe2', '你好'), true)).status).toBe(401);
  });
});
