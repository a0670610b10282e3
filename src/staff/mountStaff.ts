import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { FieldCipher } from '../crypto/FieldCipher';
import type { Domain } from '../app/loadDomain';
import type { HandoffService } from '../handoff/HandoffService';
import type { LeadRepository } from '../handoff/LeadRepository';
import type { TranscriptRepository } from '../store/TranscriptRepository';
import type { Database } from '../store/openDatabase';
import type { StaffConfig } from '../config/loadConfig';
import type { Logger } from '../util/logger';
import { AccountRepository } from './AccountRepository';
import { AuditLog } from './AuditLog';
import { ConversationQueries } from './ConversationQueries';
import { ConversationRecords } from './ConversationRecords';
import { mountChannelRoutes } from './channelRoutes';
import { mountConversationRoutes } from './conversationRoutes';
import { mountContentRoutes } from './contentRoutes';
import { mountAuthRoutes } from './authRoutes';
import { mountOidc } from './oidcRoutes';
import { createGuard, param, setSecurityHeaders } from './http';
import { LoginThrottle } from './LoginThrottle';
import { LeadQueue } from './LeadQueue';
import { DashboardQueries } from './DashboardQueries';
import { mountDashboardRoutes } from './dashboardRoutes';
import { mountLeadRoutes } from './leadRoutes';
import { StaffTranslations } from './StaffTranslations';
import { mountTranslationRoutes } from './translationRoutes';
import { CHANNELS } from '../channels/channelRegistry';
import type { Llm } from '../llm';
import { SessionStore } from './SessionStore';

export interface StaffOptions {
  server: Server;
  database: Database;
  config: StaffConfig;
  contentRoot: string;
  cipher: FieldCipher;
  handoff: HandoffService;
  leads: LeadRepository;
  transcripts: TranscriptRepository;
  domain: Domain;
  /** The language model for staff translation; undefined when none is configured. */
  llm?: Llm;
  logger: Logger;
}

export interface StaffApp {
  accounts: AccountRepository;
  audit: AuditLog;
  sessions: SessionStore;
}

/** The staff app's languages: `locales/<lang>/staff.json` is its i18next namespace `staff`. */
export const STAFF_LOCALES = ['en', 'es'] as const;

const STATIC: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** The staff app at /staff: its pages from public/staff, its API under /staff/api, every route behind a session. */
export function mountStaff(options: StaffOptions): StaffApp {
  const { server, database, config } = options;
  const audit = new AuditLog(database);
  const accounts = new AccountRepository(database, audit);
  const sessions = new SessionStore(database, { idleMs: config.idleMs, absoluteMs: config.absoluteMs });
  const throttle = new LoginThrottle(database);
  const guard = createGuard(sessions);
  mountAuthRoutes({ server, accounts, sessions, throttle, audit, guard, secureCookies: config.secureCookies, absoluteMs: config.absoluteMs });
  mountOidc({ server, config: config.oidc, cipher: options.cipher, accounts, sessions, audit, secureCookies: config.secureCookies, absoluteMs: config.absoluteMs, logger: options.logger });
  const queue = new LeadQueue(database, options.cipher);
  const stores = { database, cipher: options.cipher, contentRoot: options.contentRoot };
  const windows = new Map(CHANNELS.flatMap((c) => (c.staffWindow ? [[c.id, c.staffWindow(stores)] as const] : [])));
  const records = new ConversationRecords(database, options.transcripts, options.leads, options.domain, queue, windows);
  mountChannelRoutes(server, guard, CHANNELS);
  mountConversationRoutes({ server, guard, audit, queries: new ConversationQueries(database, options.transcripts), records });
  mountLeadRoutes({ server, guard, audit, queue, leads: options.leads, handoff: options.handoff, logger: options.logger });
  mountDashboardRoutes({ server, guard, dashboard: new DashboardQueries(database, CHANNELS.filter((c) => !c.hidden).map((c) => c.id)), audit, accounts, timeZone: records.timeZoneFor(undefined) });
  mountTranslationRoutes({ server, guard, audit, records, translations: new StaffTranslations(database, options.cipher, options.llm) });
  mountContentRoutes({ server, guard, domain: options.domain });

  const root = path.join(options.contentRoot, 'public', 'staff');
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of fs.readdirSync(root)) {
    const type = STATIC[path.extname(name)];
    if (type) files.set(name, { body: fs.readFileSync(path.join(root, name)), type });
  }
  // The page translates with i18next itself (its browser build, served from here: pages load nothing from elsewhere).
  files.set('i18next.js', { body: fs.readFileSync(path.join(path.dirname(require.resolve('i18next/package.json')), 'dist', 'umd', 'i18next.min.js')), type: STATIC['.js'] ?? '' });
  for (const locale of STAFF_LOCALES) {
    const file = path.join(options.contentRoot, 'locales', locale, 'staff.json');
    files.set(`i18n-${locale}.json`, { body: fs.readFileSync(file), type: STATIC['.json'] ?? '' });
  }
  const serve = (name: string) => async (_req: Request, res: Response): Promise<void> => {
    await Promise.resolve();
    const file = files.get(name);
    setSecurityHeaders(res);
    if (!file) {
      res.send(404, { error: 'not_found', message: 'no such file' });
      return;
    }
    res.header('Content-Type', file.type);
    res.sendRaw(200, file.body);
  };
  server.get('/staff', serve('index.html'));
  server.get('/staff/static/:name', async (req: Request, res: Response) => serve(param(req, 'name'))(req, res));

  const sweep = setInterval(() => void sessions.sweep().catch(() => undefined), 10 * 60_000);
  sweep.unref();
  return { accounts, audit, sessions };
}
