import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { computeSignature } from '../../src/channels/wechat/wechatCrypto';
import { type FakeWechatApi, startFakeWechatApi } from '../channels/wechat/fakeWechatApi';
import { DirectLineHttpClient, type DirectLineActivity } from '../../src/bench/directLineHttp';
import { makeTempDir, ROOT } from '../helpers/testRuntime';
import { freePort } from '../helpers/freePort';
import { createPostgresDatabase } from './testDatabases';

jest.setTimeout(120_000);

interface Instance {
  url: string;
  child: ChildProcess;
  output: string[];
}

/** A real Camino process (the same entry point as `npm run dev`) on its own port and data folder. */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/index.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: makeTempDir(), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited: ${output.join('')}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) return { url, child, output };
    if (Date.now() - started > 60_000) throw new Error(`instance did not become ready: ${output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  await exited;
}

/** What a Web Chat socket on `url` receives for the conversation. */
function openSocket(url: string, client: DirectLineHttpClient, token: string): { received: DirectLineActivity[]; close(): void; opened: Promise<void> } {
  const received: DirectLineActivity[] = [];
  const ws = new WebSocket(`${url.replace('http', 'ws')}/v3/directline/conversations/${client.conversationId}/stream?t=${encodeURIComponent(token)}&watermark=0`);
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (!text) return;
    const set = JSON.parse(text) as { activities: DirectLineActivity[]; watermark?: string };
    // Typing indicators are not logged and carry no watermark; only logged activities count here.
    if (set.watermark !== undefined) received.push(...set.activities);
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { received, opened, close: () => ws.close() };
}

function duplicates(ids: string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

const WECHAT_TOKEN = 'camino-two-instances';

/** The same WeChat push (same MsgId), as WeChat retries it when the first answer is slow. */
async function pushWechat(base: string, openId: string, content: string, msgId: string): Promise<string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = `n${msgId}${base.slice(-5)}`;
  const xml = `<xml><ToUserName><![CDATA[gh_firm]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId></xml>`;
  const response = await fetch(`${base}/wechat?signature=${computeSignature(WECHAT_TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
  if (!response.ok) throw new Error(`wechat push answered ${response.status}`);
  return response.text();
}

describe('two instances on one PostgreSQL', () => {
  let a: Instance | undefined;
  let b: Instance | undefined;
  let wechat: FakeWechatApi | undefined;
  let databaseUrl = '';

  beforeAll(async () => {
    wechat = await startFakeWechatApi();
    databaseUrl = await createPostgresDatabase();
    const env = {
      DATABASE_URL: databaseUrl, DIRECTLINE_SECRET: randomBytes(24).toString('hex'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      WECHAT_TOKEN, WECHAT_APP_ID: 'wxtwoinstances', WECHAT_APP_SECRET: 'secret', WECHAT_API_BASE_URL: wechat.baseUrl,
    };
    // Started together: the migrations must not race.
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
  });
  afterAll(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await wechat?.close();
  });

  it('runs one turn for a WeChat push delivered to both instances at once', async () => {
    const openId = `oTwoInstances${randomBytes(6).toString('hex')}`;
    for (const msgId of ['9100001', '9100002', '9100003']) {
      await Promise.all([pushWechat(a!.url, openId, 'menu', msgId), pushWechat(b!.url, openId, 'menu', msgId)]);
    }
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const rows = await client.query<{ n: string }>("select count(*) as n from activities where channel_id = 'wechat' and conversation_id = $1 and direction = 'in'", [openId]);
      expect(Number(rows.rows[0].n)).toBe(3);
    } finally {
      await client.end();
    }
  });

  it('serves conversations that alternate between the instances, with nothing lost or doubled', async () => {
    const urls = [a!.url, b!.url];
    const messages = ['hello', 'menu', '1', 'menu', '2'];
    const conversations = await Promise.all(
      [0, 1, 2, 3].map(async (n) => {
        const first = await DirectLineHttpClient.start(urls[n % 2]);
        const ids: string[] = [];
        for (const [i, text] of messages.entries()) {
          const client = first.via(urls[(n + i) % 2]);
          const id = await client.send(text);
          ids.push(id);
          await client.waitForReplyTo(id);
        }
        return { client: first, ids };
      }),
    );
    for (const { client, ids } of conversations) {
      const history = await client.history(urls[1]);
      const fromOther = await client.history(urls[0]);
      expect(fromOther.map((x) => x.id)).toEqual(history.map((x) => x.id));
      expect(duplicates(history.map((x) => x.id))).toEqual([]);
      expect(history.filter((x) => x.from.role !== 'bot').map((x) => x.text)).toEqual(messages);
      for (const id of ids) expect(history.filter((x) => x.replyToId === id).length).toBeGreaterThan(0);
    }
  });

  it('runs concurrent messages of one conversation on both instances one after the other, and a socket on A gets the replies made on B once, in order', async () => {
    const client = await DirectLineHttpClient.start(a!.url);
    await client.settle(300);
    const socket = openSocket(a!.url, client, client.token);
    await socket.opened;

    for (let round = 0; round < 3; round += 1) {
      const [onA, onB] = await Promise.all([client.send('menu', a!.url), client.send('1', b!.url)]);
      await client.waitForReplyTo(onA);
      await client.waitForReplyTo(onB);
    }
    await client.settle(500);
    const history = await client.history(b!.url);
    expect(duplicates(history.map((x) => x.id))).toEqual([]);
    expect(history.filter((x) => x.from.role !== 'bot')).toHaveLength(6);
    // Each turn's replies are logged together: the serialized turns never interleave their replies.
    const turnOrder = history.filter((x) => x.replyToId).map((x) => x.replyToId);
    const firstSeen = [...new Set(turnOrder)];
    expect(turnOrder.filter((id, i) => i > 0 && id !== turnOrder[i - 1]).length).toBe(firstSeen.length - 1);

    await new Promise((r) => setTimeout(r, 300));
    socket.close();
    const visible = history.filter((x) => x.type === 'message' || x.type === 'event').map((x) => x.id);
    expect(duplicates(socket.received.map((x) => x.id))).toEqual([]);
    expect(socket.received.map((x) => x.id)).toEqual(visible.filter((id) => socket.received.some((r) => r.id === id)));
    expect(socket.received.filter((x) => x.from.role === 'bot').map((x) => x.id)).toEqual(history.filter((x) => x.from.role === 'bot').map((x) => x.id));
  });
});
