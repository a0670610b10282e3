import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createApp, type App } from '../app/createApp';
import { loadConfig } from '../config/loadConfig';
import type { Insertable } from 'kysely';
import { encodeCursor } from '../staff/ConversationQueries';
import { handoffDb, type HandoffsTable, type LeadsTable } from '../handoff/handoffTables';
import type { ConversationsTable } from '../store/schema';
import { createLogger } from '../util/logger';
import { percentile } from './stats';

export interface PagingFigure {
  what: string;
  p50Ms: number;
  p95Ms: number;
  rows: number;
}

export interface PagingResult {
  engine: 'sqlite' | 'postgres';
  conversations: number;
  seedSeconds: number;
  figures: PagingFigure[];
}

const DAY_MS = 86_400_000;
const CHANNELS = ['webchat', 'webchat', 'webchat', 'wechat', 'emulator'];
const LOCALES = ['es', 'es', 'en', 'zh', null];
const OUTCOMES = ['urgent', 'qualified', 'qualified', 'refer'] as const;
const STATES = ['waiting', 'staff', 'ended'] as const;
const STEPS = ['menu.prompt', 'screening:q.fear.prompt', 'card:mexico-returns', 'screening:consent.prompt', null];
const BATCH = 1000;

/** Plain rows straight into the tables (messages are not needed to page): conversations over 180 days, a lead and handoff for one in ten. */
async function seed(app: App, count: number): Promise<void> {
  const now = Date.now();
  for (let start = 0; start < count; start += BATCH) {
    const conversations: Insertable<ConversationsTable>[] = [];
    const leads: Insertable<LeadsTable>[] = [];
    const handoffs: Insertable<HandoffsTable>[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i += 1) {
      const created = new Date(now - Math.floor((i / count) * 180 * DAY_MS) - (i % 997) * 1000).toISOString();
      const channel = CHANNELS[i % CHANNELS.length] ?? 'webchat';
      const id = `bench-${i}`;
      conversations.push({ channel_id: channel, conversation_id: id, created_at: created, updated_at: created, locale: LOCALES[i % LOCALES.length] ?? null, last_seq: 0, last_step: STEPS[i % STEPS.length] ?? null });
      if (i % 10 === 0) {
        const leadId = `lead-${i}`;
        leads.push({ id: leadId, channel_id: channel, conversation_id: id, locale: 'es', outcome: OUTCOMES[(i / 10) % OUTCOMES.length] ?? 'qualified', reasons: '[]', office_id: 'los-angeles', answers: '{}', summary: '', contact: null, status: 'new' as const, end_reason: null, first_contact_at: null, created_at: created, updated_at: created });
        handoffs.push({ channel_id: channel, conversation_id: id, lead_id: leadId, reference: '{}', state: STATES[(i / 10) % STATES.length] ?? 'waiting', end_reason: null, updated_at: created });
      }
    }
    await app.database.transaction(async (trx) => {
      const t = handoffDb(trx);
      await t.insertInto('conversations').values(conversations).execute();
      if (leads.length > 0) await t.insertInto('leads').values(leads).execute();
      if (handoffs.length > 0) await t.insertInto('handoffs').values(handoffs).execute();
    });
  }
}

async function timed(repeat: number, run: () => Promise<number>): Promise<{ p50Ms: number; p95Ms: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < repeat; i += 1) {
    const started = performance.now();
    rows = await run();
    times.push(performance.now() - started);
  }
  const sorted = times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { p50Ms: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), rows };
}

/** A fresh database on the benchmark's PostgreSQL server, so the seeded rows are the only ones. */
async function freshPostgres(url: string): Promise<string> {
  const name = `camino_paging_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return fresh.toString();
}

/**
 * The staff conversation list and dashboard with `count` conversations, over real HTTP with a signed-in account:
 * the first page, a page 25,000 rows deep (by its cursor), each filter, and the dashboard for 30 and 180 days.
 */
export async function benchStaffPaging(engine: 'sqlite' | 'postgres', count: number, postgresUrl?: string, repeat = 30): Promise<PagingResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'camino-bench-staff-'));
  const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
  if (engine === 'postgres' && postgresUrl) env.DATABASE_URL = await freshPostgres(postgresUrl);
  const app = await createApp(loadConfig(env), createLogger('silent'));
  const baseUrl = `http://127.0.0.1:${await app.listen()}`;
  try {
    const seeding = performance.now();
    await seed(app, count);
    const seedSeconds = Math.round((performance.now() - seeding) / 100) / 10;
    const password = randomBytes(12).toString('hex');
    await app.staff.accounts.create({ email: 'bench@example.org', role: 'staff', password }, { id: 'bench', address: null });
    const login = await fetch(`${baseUrl}/staff/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@example.org', password }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const get = async (query: string): Promise<{ items?: unknown[]; next?: string; conversations?: { total: number } }> => {
      const response = await fetch(`${baseUrl}/staff/api/${query}`, { headers: { cookie } });
      if (response.status !== 200) throw new Error(`GET ${query} answered ${response.status}`);
      return (await response.json()) as { items?: unknown[]; next?: string; conversations?: { total: number } };
    };
    // The cursor 25,000 rows down, as a person clicking "More" 500 times would hold it.
    const deep = await app.database.db
      .selectFrom('conversations')
      .select(['created_at', 'channel_id', 'conversation_id'])
      .orderBy('created_at', 'desc')
      .orderBy('channel_id', 'desc')
      .orderBy('conversation_id', 'desc')
      .offset(24_999)
      .limit(1)
      .executeTakeFirstOrThrow();
    const cursor = encodeCursor({ created: deep.created_at, channel: deep.channel_id, id: deep.conversation_id });
    const today = new Date().toISOString().slice(0, 10);
    const monthAgo = new Date(Date.now() - 30 * DAY_MS).toISOString().slice(0, 10);
    const halfYear = new Date(Date.now() - 179 * DAY_MS).toISOString().slice(0, 10);
    const cases: [string, string][] = [
      ['list, first page of 50', 'conversations?limit=50'],
      ['list, page 501 (by cursor)', `conversations?limit=50&cursor=${cursor}`],
      ['list, language zh', 'conversations?limit=50&locale=zh'],
      ['list, channel wechat', 'conversations?limit=50&channel=wechat'],
      ['list, outcome urgent', 'conversations?limit=50&outcome=urgent'],
      ['list, outcome none', 'conversations?limit=50&outcome=none'],
      ['list, handoff waiting', 'conversations?limit=50&handoff=waiting'],
      ['list, no handoff', 'conversations?limit=50&handoff=none'],
      ['list, last 30 days', `conversations?limit=50&from=${monthAgo}&to=${today}`],
      ['dashboard, 30 days', `dashboard?from=${monthAgo}&to=${today}`],
      ['dashboard, 180 days', `dashboard?from=${halfYear}&to=${today}`],
    ];
    const figures: PagingFigure[] = [];
    for (const [what, query] of cases) {
      const figure = await timed(what.startsWith('dashboard') ? Math.max(5, Math.floor(repeat / 3)) : repeat, async () => {
        const body = await get(query);
        return body.items?.length ?? body.conversations?.total ?? 0;
      });
      figures.push({ what, ...figure });
    }
    return { engine, conversations: count, seedSeconds, figures };
  } finally {
    await app.close(2000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
