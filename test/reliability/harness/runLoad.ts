import fs from 'node:fs';
import path from 'node:path';
import { DirectLineUser, HttpFailure } from './directLineUser';
import type { FlakyWechatApi } from './flakyWechatApi';
import { LANGUAGES, LOCALES, turnsFor } from './turnScripts';
import { WechatUser } from './wechatUser';
import type { FakeGraphApi } from '../../helpers/fakeGraphApi';
import { WhatsAppUser } from './whatsappUser';

export interface LoadPlan {
  baseUrl: string;
  dataDir: string;
  websocketUsers: number;
  pollingUsers: number;
  wechatUsers: number;
  /** People writing over WhatsApp; they need `whatsappApi`, the fake Graph API the service sends to. */
  whatsappUsers?: number;
  turns: number;
  /** People mid-conversation at once; the rest wait for a free place. */
  concurrency: number;
  wechatApi?: FlakyWechatApi;
  whatsappApi?: FakeGraphApi;
  /** Checked before each turn: when true, the person stops (a scenario is about to kill the service). */
  stopped?: () => boolean;
}

export interface LoadResult {
  directLine: DirectLineUser[];
  wechat: WechatUser[];
  whatsapp: WhatsAppUser[];
  /** Requests that got no answer or a non-2xx one, by what happened. */
  failures: Map<string, number>;
  durationMs: number;
}

/** The development Direct Line secret the service wrote into its data folder. */
export function readDirectLineSecret(dataDir: string): string {
  return fs.readFileSync(path.join(dataDir, 'directline.secret'), 'utf8').trim();
}

export interface Load {
  directLine: DirectLineUser[];
  wechat: WechatUser[];
  whatsapp: WhatsAppUser[];
  /** User messages acknowledged with a 2xx so far. */
  acknowledged(): number;
  /** Runs everyone's turns, `concurrency` people at a time. */
  run(): Promise<LoadResult>;
}

/** Runs the plan's people through their turns and returns them for checking. */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  return createLoad(plan).run();
}

/** The plan's people, ready to run; a scenario can watch their progress while they do. */
export function createLoad(plan: LoadPlan): Load {
  const secret = readDirectLineSecret(plan.dataDir);
  const failures = new Map<string, number>();
  const fail = (error: unknown) => {
    const key = error instanceof HttpFailure ? `HTTP ${error.status}` : error instanceof Error ? error.message.replace(/user \S+/, 'user').replace(/\d+ ms/, 'N ms') : String(error);
    failures.set(key, (failures.get(key) ?? 0) + 1);
  };
  const directLine: DirectLineUser[] = [];
  const wechat: WechatUser[] = [];
  const whatsapp: WhatsAppUser[] = [];
  const jobs: Array<() => Promise<void>> = [];
  // Interleaved, so WebSocket, polling and WeChat people are all active throughout the run.
  const kinds = (
    [
      ['websocket', plan.websocketUsers],
      ['polling', plan.pollingUsers],
      ['wechat', plan.wechatUsers],
      ['whatsapp', plan.whatsappUsers ?? 0],
    ] as const
  )
    .flatMap(([kind, count]) => Array.from({ length: count }, (_, i) => ({ kind, order: (i + 0.5) / count })))
    .sort((a, b) => a.order - b.order)
    .map((entry) => entry.kind);
  kinds.forEach((kind, n) => {
    const language = LANGUAGES[n % LANGUAGES.length];
    const turns = turnsFor(language, n, plan.turns);
    if (kind === 'whatsapp') {
      const api = plan.whatsappApi;
      if (!api) throw new Error('WhatsApp people need the fake Graph API (plan.whatsappApi)');
      const user = new WhatsAppUser(plan.baseUrl, api, `521550${String(n).padStart(6, '0')}`);
      whatsapp.push(user);
      jobs.push(async () => {
        for (const text of turns) {
          if (plan.stopped?.()) return;
          if (!(await user.say(text))) throw new Error('a WhatsApp reply did not arrive within N ms');
        }
      });
    } else if (kind !== 'wechat') {
      const user = new DirectLineUser(plan.baseUrl, kind, LOCALES[language]);
      directLine.push(user);
      jobs.push(async () => {
        await user.start(secret, `dl_rel_${n}`);
        for (const text of turns) {
          if (plan.stopped?.()) return;
          await user.say(text);
        }
      });
    } else {
      const user = new WechatUser(plan.baseUrl, `oRel${language}${n}`);
      wechat.push(user);
      jobs.push(async () => {
        await user.subscribe();
        for (const text of turns) {
          if (plan.stopped?.()) return;
          const sentBefore = plan.wechatApi?.delivered.get(user.openId)?.length ?? 0;
          const passive = await user.say(text);
          // "success" means the reply goes out through the customer-service API: wait for it as the person would.
          if (passive === undefined && plan.wechatApi) await waitFor(() => (plan.wechatApi?.delivered.get(user.openId)?.length ?? 0) > sentBefore, 20_000);
        }
      });
    }
  });
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next];
      next += 1;
      await job().catch(fail);
    }
  };
  return {
    directLine,
    wechat,
    whatsapp,
    acknowledged: () => [...directLine, ...wechat, ...whatsapp].reduce((n, user) => n + user.acknowledged.length, 0),
    run: async () => {
      const started = Date.now();
      await Promise.all(Array.from({ length: plan.concurrency }, worker));
      return { directLine, wechat, whatsapp, failures, durationMs: Date.now() - started };
    },
  };
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}
