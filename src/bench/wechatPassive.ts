import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../app/createApp';
import { computeSignature } from '../channels/wechat/wechatCrypto';
import { loadConfig } from '../config/loadConfig';
import { createLogger } from '../util/logger';
import { percentile } from './stats';

const TOKEN = 'bench-wechat-token';
const ACCOUNT = 'gh_bench';
/** WeChat waits five seconds for a passive reply, then retries and finally gives up on the message. */
export const WECHAT_DEADLINE_MS = 5000;
const SCRIPT = ['你好', '1', '下一个', '菜单', '2', '什么是庇护', '菜单', '3'];

export interface WechatFigures {
  followers: number;
  messages: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Share of pushes answered within WeChat's 5 seconds (passive reply or the empty "success"). */
  withinDeadline: number;
  /** Share answered with the reply text itself rather than "success" and a customer-service message. */
  passive: number;
}

function push(openId: string, text: string, msgId: number): { query: string; body: string } {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(6).toString('hex');
  const query = `signature=${computeSignature(TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}&openid=${openId}`;
  const body = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${msgId}</MsgId></xml>`;
  return { query, body };
}

/**
 * Followers writing at once to the WeChat endpoint (plain mode, SQLite), each push timed until WeChat would have
 * its answer. The customer-service API points at a closed local port: slow turns show up as non-passive answers.
 */
export async function benchWechat(followers: number, turns: number): Promise<WechatFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'camino-bench-wechat-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    WECHAT_TOKEN: TOKEN,
    WECHAT_APP_ID: 'wxbench000000001',
    WECHAT_APP_SECRET: 'bench-secret',
    WECHAT_API_BASE_URL: 'http://127.0.0.1:9',
  });
  const app = await createApp(config, createLogger('silent'));
  const baseUrl = `http://127.0.0.1:${await app.listen()}`;
  const latencies: number[] = [];
  let passive = 0;
  let msgId = 1_000_000;
  try {
    await Promise.all(
      Array.from({ length: followers }, async (_, f) => {
        const openId = `oBench${String(f).padStart(6, '0')}${randomBytes(4).toString('hex')}`;
        for (let i = 0; i < turns; i += 1) {
          const { query, body } = push(openId, SCRIPT[i % SCRIPT.length], (msgId += 1));
          const sent = performance.now();
          const response = await fetch(`${baseUrl}/wechat?${query}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
          const answer = await response.text();
          latencies.push(performance.now() - sent);
          if (response.status === 200 && answer.includes('<MsgType><![CDATA[text]]></MsgType>')) passive += 1;
        }
      }),
    );
  } finally {
    await app.close(2000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    followers,
    messages: latencies.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    withinDeadline: round((sorted.filter((ms) => ms < WECHAT_DEADLINE_MS).length / sorted.length) * 100) / 100,
    passive: round((passive / latencies.length) * 100) / 100,
  };
}
