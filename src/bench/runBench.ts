import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../app/createApp';
import { EchoBot } from '../bot/EchoBot';
import { loadConfig } from '../config/loadConfig';
import { createLogger } from '../util/logger';
import { DirectLineHttpClient } from './directLineHttp';
import { startBenchPostgres } from './embeddedPostgres';
import { summarize, type ScenarioResult } from './stats';
import { benchMemory } from './memoryPerConversation';
import { benchWechat, WECHAT_DEADLINE_MS } from './wechatPassive';
import { benchStaffPaging, type PagingResult } from './staffPaging';

/** What each simulated visitor types, in order: the guided conversation's menu and answers. */
const SCRIPT = ['hello', 'menu', '1', 'menu', '2', 'menu', '3', 'menu'];

interface Options {
  users: number;
  turns: number;
  /** WeChat followers writing at once. */
  followers: number;
  /** Conversations stored for the memory figure. */
  conversations: number;
  /** Conversations behind the staff list and dashboard figures. */
  staffConversations: number;
  json: boolean;
}

function readOptions(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    const n = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} takes a positive whole number`);
    return n;
  };
  return {
    users: value('--users', 20),
    turns: value('--turns', 8),
    followers: value('--followers', 100),
    conversations: value('--conversations', 1000),
    staffConversations: value('--staff-conversations', 100_000),
    json: argv.includes('--json'),
  };
}

/** One server (real HTTP, real storage), N visitors at once over Direct Line, each turn timed to the bot's first reply. */
async function runScenario(engine: ScenarioResult['engine'], bot: ScenarioResult['bot'], options: Options, databaseUrl?: string): Promise<ScenarioResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'camino-bench-'));
  const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const config = loadConfig(env);
  const app = await createApp(config, createLogger('silent'));
  // The same server, middleware and storage; only the bot differs.
  if (bot === 'echo') Object.assign(app.runtime, { bot: new EchoBot() });
  const baseUrl = `http://127.0.0.1:${await app.listen()}`;
  try {
    const clients = await Promise.all(Array.from({ length: options.users }, () => DirectLineHttpClient.start(baseUrl)));
    await Promise.all(clients.map((c) => c.settle(200)));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        for (let i = 0; i < options.turns; i += 1) {
          const sent = performance.now();
          await client.ask(SCRIPT[i % SCRIPT.length]);
          latencies.push(performance.now() - sent);
        }
      }),
    );
    return summarize({ engine, bot, users: options.users }, latencies, (performance.now() - started) / 1000);
  } finally {
    await app.close(2000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const given = process.env.BENCH_DATABASE_URL;
  const postgres = given ? undefined : await startBenchPostgres();
  const url = given ?? postgres?.url;
  const results: ScenarioResult[] = [];
  const staff: PagingResult[] = [];
  try {
    for (const engine of ['sqlite', 'postgres'] as const) {
      for (const bot of ['camino', 'echo'] as const) results.push(await runScenario(engine, bot, options, engine === 'postgres' ? url : undefined));
    }
    staff.push(await benchStaffPaging('sqlite', options.staffConversations), await benchStaffPaging('postgres', options.staffConversations, url));
  } finally {
    await postgres?.stop();
  }
  const ratio = (engine: string) => {
    const camino = results.find((r) => r.engine === engine && r.bot === 'camino');
    const echo = results.find((r) => r.engine === engine && r.bot === 'echo');
    return camino && echo ? { throughput: Math.round((camino.turnsPerSecond / echo.turnsPerSecond) * 100) / 100, p50: Math.round((camino.p50Ms / Math.max(echo.p50Ms, 0.1)) * 100) / 100 } : undefined;
  };
  const ratios = { sqlite: ratio('sqlite'), postgres: ratio('postgres') };
  const wechat = await benchWechat(options.followers, options.turns);
  const memory = await benchMemory(options.conversations);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ users: options.users, turnsPerUser: options.turns, results, caminoToEcho: ratios, wechat, memory, staff })}\n`);
    return;
  }
  process.stdout.write(`${options.users} simulated visitors, ${options.turns} turns each, over Direct Line (time to the bot's first reply)\n`);
  process.stdout.write('engine    bot      turns/s   p50 ms   p95 ms   p99 ms\n');
  for (const r of results) {
    process.stdout.write(`${r.engine.padEnd(9)} ${r.bot.padEnd(8)} ${String(r.turnsPerSecond).padStart(7)} ${String(r.p50Ms).padStart(8)} ${String(r.p95Ms).padStart(8)} ${String(r.p99Ms).padStart(8)}\n`);
  }
  for (const [engine, r] of Object.entries(ratios)) {
    if (r) process.stdout.write(`${engine}: Camino runs at ${r.throughput}x the echo bot's turns/s; its median turn takes ${r.p50}x as long\n`);
  }
  process.stdout.write(
    `\nWeChat: ${wechat.followers} followers at once, ${wechat.messages} pushes: p50 ${wechat.p50Ms} ms, p95 ${wechat.p95Ms} ms, p99 ${wechat.p99Ms} ms; ` +
      `${Math.round(wechat.withinDeadline * 100)}% answered within ${WECHAT_DEADLINE_MS / 1000} s, ${Math.round(wechat.passive * 100)}% as a passive reply\n`,
  );
  process.stdout.write(
    `Memory: ${memory.conversations} conversations stored (SQLite): heap +${memory.heapMbPer1000} MB, RSS +${memory.rssMbPer1000} MB, disk +${memory.diskMbPer1000} MB per 1,000 conversations\n`,
  );
  process.stdout.write(`\nStaff app over HTTP with ${options.staffConversations.toLocaleString('en')} conversations (one in ten with a lead), signed in:\n`);
  process.stdout.write(`${'request'.padEnd(30)} ${staff.map((r) => `${r.engine} p50 / p95 ms`.padStart(24)).join(' ')}\n`);
  for (const [i, figure] of (staff[0]?.figures ?? []).entries()) {
    process.stdout.write(`${figure.what.padEnd(30)} ${staff.map((r) => `${r.figures[i]?.p50Ms ?? '-'} / ${r.figures[i]?.p95Ms ?? '-'}`.padStart(24)).join(' ')}\n`);
  }
  process.stdout.write(`(seeded in ${staff.map((r) => `${r.seedSeconds} s on ${r.engine}`).join(', ')})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
