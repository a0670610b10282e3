import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Activity, TestAdapter } from 'botbuilder';
import { loadDomain, type Domain } from '../../src/app/loadDomain';
import { createBotRuntime, type BotRuntime } from '../../src/bot/createBotRuntime';
import { channelDirectory } from '../../src/channels/channelRegistry';
import type { Llm } from '../../src/llm';
import { openDatabase, type Database } from '../../src/store/openDatabase';
import { findProjectRoot } from '../../src/util/findProjectRoot';
import { createLogger, type Logger } from '../../src/util/logger';

export const ROOT = findProjectRoot(__dirname);

let cachedDomain: Domain | undefined;

/** The real content, flows and firm profile, loaded once per test file. */
export function realDomain(): Domain {
  cachedDomain ??= loadDomain(ROOT);
  return cachedDomain;
}

export function makeTempDir(prefix = 'camino-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestRuntime {
  runtime: BotRuntime;
  database: Database;
  domain: Domain;
  dataDir: string;
  close(): Promise<void>;
}

/** The real bot on a real SQLite file in a fresh folder. */
export async function createTestRuntime(options: { dataDir?: string; logger?: Logger; llm?: Llm } = {}): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? makeTempDir();
  const domain = realDomain();
  const database = await openDatabase({ engine: 'sqlite', file: path.join(dataDir, 'camino.sqlite') });
  const runtime = createBotRuntime({ domain, channels: channelDirectory, database, logger: options.logger ?? createLogger('silent'), llm: options.llm });
  return { runtime, database, domain, dataDir, close: () => database.close() };
}

/** botbuilder's TestAdapter with our middleware, as a given channel and channel locale. */
export function createTestAdapter(runtime: BotRuntime, template: Partial<Activity> = {}): TestAdapter {
  const adapter = new TestAdapter((context) => runtime.bot.run(context), { channelId: 'test', ...template });
  if (template.locale !== undefined) adapter.locale = template.locale;
  runtime.prepare(adapter);
  return adapter;
}

/** Sends one activity through the adapter and returns every reply the turn produced. */
export async function sendAndCollect(adapter: TestAdapter, activity: Partial<Activity> | string): Promise<Partial<Activity>[]> {
  const outgoing: Partial<Activity> = typeof activity === 'string' ? { type: 'message', text: activity } : activity;
  await adapter.receiveActivity(outgoing);
  return adapter.activeQueue.splice(0);
}

export interface CaminoChannelData {
  camino?: { tags?: string[]; choices?: string[] };
}

export function tagsOf(replies: Partial<Activity>[]): string[] {
  return replies.flatMap((r) => ((r.channelData ?? {}) as CaminoChannelData).camino?.tags ?? ['(untagged)']);
}

export function choicesOf(reply: Partial<Activity> | undefined): string[] {
  return ((reply?.channelData ?? {}) as CaminoChannelData).camino?.choices ?? [];
}

export function buttonsOf(reply: Partial<Activity> | undefined): string[] {
  return (reply?.suggestedActions?.actions ?? []).map((a) => a.title ?? '');
}
