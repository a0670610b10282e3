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
const eventPush = (openId: string, event: string, key: string, secondsAgo: number) =>
  `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000) - secondsAgo}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event><EventKey><![CDATA[${key}]]></EventKey></xml>`;
const subscribePush = (openId: string) =>
  `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>`;

let nonceCounter = 0;
async function postPlain(base: string, xml: string, options: { timestamp?: number; signature?: string; contentType?: string; nonce?: string } = {}) {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? `n${(nonceCounter += 1)}`;
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
    expect(byNumber).toMatch(/核实日期/);
    const byWords = replyContent((await postPlain(running.baseUrl, textPush('oUserA', '下一条'))).text);
    expect(byWords).toContain('一年');

    const spanish = replyContent((await postPlain(running.baseUrl, textPush('oUserA', 'Español'))).text);
    expect(spanish).toContain('Continuaré en español');
  });

  it('runs one turn for a push WeChat retries, even while the first is still running', async () => {
    const xml = textPush('oUserB', '你好', '9223372036854775001');
    const [first, second] = await Promise.all([postPlain(running.baseUrl, xml, { nonce: 'try1' }), postPlain(running.baseUrl, xml, { nonce: 'try2' })]);
    const answers = [first.text, second.text];
    expect(answers.filter((t) => t === 'success')).toHaveLength(1);
    expect(answers.filter((t) => t.startsWith('<xml>'))).toHaveLength(1);
    const log = await running.app.runtime.transcripts.list('wechat', 'oUserB');
    expect(log.filter((r) => r.direction === 'in')).toHaveLength(1);
  });

  it('runs no turn for a replayed signature carrying another body (plain mode signs no body)', async () => {
    await postPlain(running.baseUrl, subscribePush('oUserR'));
    const first = await postPlain(running.baseUrl, textPush('oUserR', '1'), { nonce: 'captured' });
    expect(first.text.startsWith('<xml>')).toBe(true);
    const replay = await postPlain(running.baseUrl, textPush('oUserR', '2'), { nonce: 'captured' });
    expect(replay).toEqual({ status: 200, text: 'success' });
    const log = await running.app.runtime.transcripts.list('wechat', 'oUserR');
    expect(log.filter((r) => r.direction === 'in').map((r) => r.activity.text ?? r.activity.type)).toEqual(['conversationUpdate', '1']);
  });

  it('records an unfollow and answers nothing; a QR scan by a follower shows the main menu', async () => {
    await postPlain(running.baseUrl, subscribePush('oUserU'));
    await postPlain(running.baseUrl, textPush('oUserU', '2'));
    const scan = eventPush('oUserU', 'SCAN', 'office_poster', 1);
    const menu = replyContent((await postPlain(running.baseUrl, scan)).text);
    expect(menu).toMatch(/\n1\. 墨西哥接收遣返（2023）\n2\. 庇护和其他途径/);
    const unfollow = await postPlain(running.baseUrl, eventPush('oUserU', 'unsubscribe', '', 2));
    expect(unfollow).toEqual({ status: 200, text: 'success' });
    const log = await running.app.runtime.transcripts.list('wechat', 'oUserU');
    expect(log.filter((r) => r.direction === 'in').at(-1)?.activity).toMatchObject({ type: 'event', name: 'wechat/unsubscribe' });
  });

  it('sends a staff message only within the quota; the sixth is kept, noted for staff, and arrives with the next answer', async () => {
    await postPlain(running.baseUrl, subscribePush('oUserQ'));
    const reference = { channelId: 'wechat', conversation: { id: 'oUserQ', isGroup: false, conversationType: 'personal', name: '' }, user: { id: 'oUserQ', name: '' }, bot: { id: ACCOUNT, name: '' }, serviceUrl: 'wechat' };
    for (let i = 1; i <= 6; i += 1) {
      await running.app.runtime.continueConversation(reference, async (context) => {
        await context.sendActivity(`Office note ${i}.`);
      });
    }
    expect(api.sent.filter((m) => m.touser === 'oUserQ').map((m) => m.content)).toEqual([1, 2, 3, 4, 5].map((i) => `Office note ${i}.`));
    const log = await running.app.runtime.transcripts.list('wechat', 'oUserQ');
    expect(log.filter((r) => r.activity.name === 'camino/wechat-undelivered').map((r) => r.activity.value)).toEqual([{ errcode: 45047, kept: 1 }]);
    const next = replyContent((await postPlain(running.baseUrl, textPush('oUserQ', '菜单'))).text);
    expect(next.startsWith('Office note 6.')).toBe(true);
  });

  it('keeps a staff message for someone who never wrote, without calling WeChat', async () => {
    const before = api.sendRequests;
    await running.app.runtime.continueConversation(
      { channelId: 'wechat', conversation: { id: 'oNeverWrote', isGroup: false, conversationType: 'personal', name: '' }, user: { id: 'oNeverWrote', name: '' }, bot: { id: ACCOUNT, name: '' }, serviceUrl: 'wechat' },
      async (context) => {
        await context.sendActivity('Hello from the office.');
      },
    );
    expect(api.sendRequests).toBe(before);
    const log = await running.app.runtime.transcripts.list('wechat', 'oNeverWrote');
    expect(log.filter((r) => r.activity.name === 'camino/wechat-undelivered').map((r) => r.activity.value)).toEqual([{ errcode: 45015, kept: 1 }]);
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

  it('answers a long reply passively with its first part and sends the rest through the customer-service API, in order', async () => {
    await postPlain(running.baseUrl, subscribePush('oUserL'));
    const sentence = '这是一句关于庇护申请期限的说明，请仔细阅读。';
    const bot = running.app.runtime.bot;
    const spy = jest.spyOn(bot, 'run').mockImplementation(async (context) => {
      await context.sendActivity(sentence.repeat(150));
    });
    try {
      const passive = replyContent((await postPlain(running.baseUrl, textPush('oUserL', '1'))).text);
      const deadline = Date.now() + 10_000;
      while (!api.sent.some((m) => m.touser === 'oUserL') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const rest = api.sent.filter((m) => m.touser === 'oUserL').map((m) => m.content);
      expect(rest.length).toBeGreaterThan(0);
      for (const part of [passive, ...rest]) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(2048);
      expect([passive, ...rest].join('')).toBe(sentence.repeat(150));
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

  async function postSafe(inner: string, tamper = false, base = running.baseUrl) {
    const encrypted = encryptMessage(key, APP_ID, inner);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = 'safe-nonce';
    const msgSignature = computeSignature(TOKEN, timestamp, nonce, tamper ? `${encrypted}x` : encrypted);
    const response = await fetch(`${base}/wechat?encrypt_type=aes&msg_signature=${msgSignature}&timestamp=${timestamp}&nonce=${nonce}&signature=x`, {
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

  it('answers by number and by words, switches language and back, all encrypted', async () => {
    const say = async (text: string) => openReply((await postSafe(textPush('oSafe3', text))).text);
    expect(openReply((await postSafe(subscribePush('oSafe3'))).text)).toContain('中文');
    expect(await say('2')).toMatch(/核实日期/);
    expect(await say('下一条')).toContain('一年');
    const english = await say('English');
    expect(english).toMatch(/English/);
    expect(english).not.toMatch(/[\u4e00-\u9fff]{4}/);
    expect(await say('中文')).toMatch(/[\u4e00-\u9fff]{4}/);
  });

  it('runs one turn for a retried encrypted push, and none for an XXE inside the ciphertext', async () => {
    await postSafe(subscribePush('oSafe4'));
    const xml = textPush('oSafe4', '1', '22363405356629001');
    const answers = await Promise.all([postSafe(xml), postSafe(xml), postSafe(xml)]);
    expect(answers.filter((a) => a.text === 'success')).toHaveLength(2);
    const xxe = '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><FromUserName>&x;</FromUserName><MsgType>text</MsgType></xml>';
    expect((await postSafe(xxe)).status).toBe(400);
    const log = await running.app.runtime.transcripts.list('wechat', 'oSafe4');
    expect(log.filter((r) => r.direction === 'in')).toHaveLength(2);
  });

  it('refuses a plain push once safe mode is configured, since its signature covers no body', async () => {
    const result = await postPlain(running.baseUrl, textPush('oSafe5', '你好'));
    expect(result.status).toBe(400);
    expect(await running.app.runtime.transcripts.list('wechat', 'oSafe5')).toHaveLength(0);
  });

  it('answers a slow turn with what it already said, and sends the rest as one customer-service message', async () => {
    await postSafe(subscribePush('oSafe6'));
    const bot = running.app.runtime.bot;
    const run = bot.run.bind(bot);
    const spy = jest.spyOn(bot, 'run').mockImplementation(async (context) => {
      await context.sendActivity('请稍等。');
      await new Promise((r) => setTimeout(r, 4300));
      return run(context);
    });
    try {
      const started = Date.now();
      const answer = await postSafe(textPush('oSafe6', '联系办公室'));
      expect(Date.now() - started).toBeLessThan(4300);
      expect(openReply(answer.text)).toBe('请稍等。');
      const deadline = Date.now() + 10_000;
      while (!api.sent.some((m) => m.touser === 'oSafe6') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const sent = api.sent.filter((m) => m.touser === 'oSafe6');
      expect(sent).toHaveLength(1);
      expect(sent[0].content).not.toContain('请稍等。');
      expect(sent[0].content).toContain('yimin7788');
    } finally {
      spy.mockRestore();
    }
  }, 15_000);

  it('remembers a push across a restart: WeChat\'s retry after it gets "success" and no second reply', async () => {
    const env = { WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: 'secret', WECHAT_ENCODING_AES_KEY: AES_KEY, WECHAT_API_BASE_URL: api.baseUrl };
    const first = await startApp(env);
    const xml = textPush('oSafe7', '你好', '22363405356629007');
    let second: RunningApp | undefined;
    try {
      expect(openReply((await postSafe(xml, false, first.baseUrl)).text)).toContain('我不是律师');
      const before = await first.app.runtime.transcripts.list('wechat', 'oSafe7');
      await first.app.close();
      second = await startApp(env, first.dataDir);
      expect((await postSafe(xml, false, second.baseUrl)).text).toBe('success');
      expect(await second.app.runtime.transcripts.list('wechat', 'oSafe7')).toEqual(before);
      expect(before.filter((r) => r.direction === 'in')).toHaveLength(1);
    } finally {
      await first.app.close();
      await second?.app.close();
    }
  });
});
