import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_RETENTION_DAYS, DEFAULT_WHATSAPP_API_BASE_URL } from './defaults';
import { findProjectRoot } from '../util/findProjectRoot';
import { parseOtlpHeaders, type TracingConfig } from '../telemetry/Tracing';
import { parseKeyRing } from '../crypto/loadEncryptionKey';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
    DIRECTLINE_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'use at least 32 characters'),
    WEBCHAT_ALLOWED_ORIGINS: z
      .string()
      .trim()
      .default('')
      .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
      .refine((origins) => origins.every((o) => /^https?:\/\/[^/\s]+$/.test(o)), 'a comma-separated list of origins like https://www.example.com'),
    WECHAT_TOKEN: optionalText,
    WECHAT_APP_ID: optionalText,
    WECHAT_APP_SECRET: optionalText,
    WECHAT_ENCODING_AES_KEY: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9+/]{43}$/.test(v), 'must be the 43-character EncodingAESKey'),
    WECHAT_API_BASE_URL: z.url().default('https://api.weixin.qq.com'),
    WECHAT_TIMESTAMP_TOLERANCE_S: z.coerce.number().int().min(10).max(86_400).default(300),
    WECHAT_REPLY_BUDGET_MS: z.coerce.number().int().min(200).max(4500).default(4000),
    // WhatsApp Business Cloud API (src/channels/whatsapp): all four secrets or none.
    WHATSAPP_ACCESS_TOKEN: optionalText,
    WHATSAPP_PHONE_NUMBER_ID: optionalText.refine((v) => v === undefined || /^\d{5,32}$/.test(v), 'the phone number id from WhatsApp Manager (digits), not the phone number'),
    WHATSAPP_APP_SECRET: optionalText,
    WHATSAPP_VERIFY_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, 'use at least 16 characters'),
    WHATSAPP_API_BASE_URL: optionalText.pipe(z.url().optional()),
    WHATSAPP_SEND_TIMEOUT_MS: z.coerce.number().int().min(200).max(60_000).default(10_000),
    // Screening and handoff (src/handoff): encryption of leads, and where staff are notified.
    DATA_ENCRYPTION_KEY: optionalText.refine((v) => v === undefined || parseKeyRing(v) !== undefined, 'must be 32 bytes, as 64 hex digits or base64; several keys comma-separated, current first'),
    HANDOFF_WEBHOOK_URL: optionalText.pipe(z.url().optional()),
    HANDOFF_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, 'use at least 16 characters'),
    SMTP_URL: optionalText.refine((v) => v === undefined || /^smtps?:\/\/[^\s]+$/.test(v), 'an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587'),
    HANDOFF_EMAIL_FROM: optionalText.pipe(z.email().optional()),
    HANDOFF_EMAIL_TO: z
      .string()
      .trim()
      .default('')
      .transform((v) => v.split(',').map((a) => a.trim()).filter(Boolean))
      .refine((list) => list.every((a) => z.email().safeParse(a).success), 'a comma-separated list of email addresses'),
    HANDOFF_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5000),
    // Operations: production refuses development keys; /metrics needs a bearer token unless read from this machine.
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.pipe(z.url().optional()),
    OTEL_EXPORTER_OTLP_HEADERS: optionalText,
    OTEL_SERVICE_NAME: z.string().trim().min(1).default('camino'),
    METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, 'use at least 16 characters'),
    // PostgreSQL for several instances (src/store/postgres); unset: SQLite in DATA_DIR.
    DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\/\S+$/.test(v), 'a postgres:// URL, e.g. postgres://camino:secret@db:5432/camino'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(DEFAULT_RETENTION_DAYS),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
    // Grounded answers with a language model (src/llm): off unless OPENAI_BASE_URL or OPENAI_API_KEY is set.
    OPENAI_API_KEY: optionalText,
    OPENAI_BASE_URL: optionalText.pipe(z.url().optional()),
    OPENAI_MODEL: optionalText,
    LLM_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(8000),
    LLM_MAX_TOKENS: z.coerce.number().int().min(64).max(8192).default(700),
    // Staff app (src/staff): cookies marked Secure, session lifetimes.
    STAFF_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
    STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    STAFF_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
    // Staff single sign-on with OpenID Connect (src/staff/oidc*): off unless OIDC_ISSUER is set.
    OIDC_ISSUER: optionalText.pipe(z.url().optional()),
    OIDC_CLIENT_ID: optionalText,
    OIDC_CLIENT_SECRET: optionalText,
    OIDC_REDIRECT_URI: optionalText.pipe(z.url().optional()),
    OIDC_ADMIN_GROUP: optionalText,
    OIDC_STAFF_GROUP: optionalText,
    OIDC_GROUPS_CLAIM: z.string().trim().min(1).default('groups'),
    OIDC_LABEL: z.string().trim().min(1).max(60).default('single sign-on'),
    MicrosoftAppId: optionalText,
    MicrosoftAppPassword: optionalText,
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
    MicrosoftAppTenantId: optionalText,
  })
  .superRefine((env, ctx) => {
    if (env.MicrosoftAppId && !env.MicrosoftAppPassword && env.MicrosoftAppType !== 'UserAssignedMSI') {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'required when MicrosoftAppId is set' });
    }
    if (!env.MicrosoftAppId && (env.MicrosoftAppPassword || env.MicrosoftAppTenantId)) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'required when a Microsoft app password or tenant is set' });
    }
    const wechatParts = { WECHAT_APP_ID: env.WECHAT_APP_ID, WECHAT_APP_SECRET: env.WECHAT_APP_SECRET, WECHAT_ENCODING_AES_KEY: env.WECHAT_ENCODING_AES_KEY };
    if (env.WECHAT_TOKEN) {
      for (const name of ['WECHAT_APP_ID', 'WECHAT_APP_SECRET'] as const) {
        if (!wechatParts[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required when WECHAT_TOKEN is set (WeChat needs both to send replies)' });
      }
    } else {
      for (const [name, value] of Object.entries(wechatParts)) {
        if (value) ctx.addIssue({ code: 'custom', path: ['WECHAT_TOKEN'], message: `required when ${name} is set` });
      }
    }
    const whatsappParts = {
      WHATSAPP_ACCESS_TOKEN: env.WHATSAPP_ACCESS_TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: env.WHATSAPP_PHONE_NUMBER_ID,
      WHATSAPP_APP_SECRET: env.WHATSAPP_APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: env.WHATSAPP_VERIFY_TOKEN,
    };
    const whatsappSet = Object.entries(whatsappParts).filter(([, v]) => v !== undefined).map(([name]) => name);
    if (whatsappSet.length > 0 || env.WHATSAPP_API_BASE_URL) {
      for (const [name, value] of Object.entries(whatsappParts)) {
        if (value === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `required for WhatsApp (set all of WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, or none; set: ${whatsappSet.join(', ') || 'WHATSAPP_API_BASE_URL only'})` });
      }
    }
    if (env.HANDOFF_WEBHOOK_URL && !env.HANDOFF_WEBHOOK_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['HANDOFF_WEBHOOK_SECRET'], message: 'required when HANDOFF_WEBHOOK_URL is set (the body is signed with it)' });
    }
    if (env.SMTP_URL && (!env.HANDOFF_EMAIL_FROM || env.HANDOFF_EMAIL_TO.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['HANDOFF_EMAIL_TO'], message: 'HANDOFF_EMAIL_FROM and HANDOFF_EMAIL_TO are required when SMTP_URL is set' });
    }
    if (env.NODE_ENV === 'production') {
      // Generated development keys live in the data folder next to the data they protect: never in production.
      for (const name of ['DATA_ENCRYPTION_KEY', 'DIRECTLINE_SECRET'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required when NODE_ENV is production (development keys are generated only outside production)' });
      }
    }
    if ((env.OPENAI_API_KEY || env.OPENAI_BASE_URL) && !env.OPENAI_MODEL) {
      ctx.addIssue({ code: 'custom', path: ['OPENAI_MODEL'], message: 'required when OPENAI_API_KEY or OPENAI_BASE_URL is set' });
    }
    if (env.OPENAI_BASE_URL === undefined && env.OPENAI_MODEL && !env.OPENAI_API_KEY) {
      ctx.addIssue({ code: 'custom', path: ['OPENAI_API_KEY'], message: 'required when OPENAI_MODEL is set without OPENAI_BASE_URL' });
    }
    const oidcSet = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET, env.OIDC_REDIRECT_URI, env.OIDC_ADMIN_GROUP, env.OIDC_STAFF_GROUP].some((v) => v !== undefined);
    if (oidcSet) {
      for (const name of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'required for single sign-on (set all OIDC_* variables, or none)' });
      }
      if (!env.OIDC_ADMIN_GROUP && !env.OIDC_STAFF_GROUP) {
        ctx.addIssue({ code: 'custom', path: ['OIDC_STAFF_GROUP'], message: 'single sign-on needs OIDC_STAFF_GROUP or OIDC_ADMIN_GROUP: the group that grants each role' });
      }
      if (env.OIDC_REDIRECT_URI && !new URL(env.OIDC_REDIRECT_URI).pathname.endsWith('/staff/oidc/callback')) {
        ctx.addIssue({ code: 'custom', path: ['OIDC_REDIRECT_URI'], message: 'must be this service\'s /staff/oidc/callback address' });
      }
      if (env.NODE_ENV === 'production' && env.OIDC_REDIRECT_URI && !env.OIDC_REDIRECT_URI.startsWith('https://')) {
        ctx.addIssue({ code: 'custom', path: ['OIDC_REDIRECT_URI'], message: 'must be an https address in production' });
      }
    }
    if (env.MicrosoftAppType === 'SingleTenant' && !env.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: 'required when MicrosoftAppType is SingleTenant' });
    }
  });

export interface BotAuthConfig {
  appId: string;
  appPassword?: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
}

export interface WechatConfig {
  token: string;
  appId: string;
  appSecret: string;
  /** Present: safe mode (encrypted pushes and replies). */
  encodingAesKey?: string;
  apiBaseUrl: string;
  timestampToleranceS: number;
  replyBudgetMs: number;
}

export interface WhatsAppConfig {
  accessToken: string;
  phoneNumberId: string;
  appSecret: string;
  verifyToken: string;
  /** The Graph API with its version, without a trailing slash. */
  apiBaseUrl: string;
  /** How long a send waits for the Graph API; a send without an answer is never repeated. */
  sendTimeoutMs: number;
}

export interface HandoffConfig {
  /** Absent: a development key is generated into the data folder. */
  encryptionKey?: string;
  /** Absent: no webhook notifications. */
  webhook?: { url: string; secret: string };
  /** Absent: no email notifications. */
  email?: { smtpUrl: string; from: string; to: string[] };
  /** First retry delay of a failed notification; doubles up to an hour. */
  retryBaseMs: number;
}

export interface DatabaseConfig {
  url: string;
  limits: { max: number; connectionTimeoutMs: number; statementTimeoutMs: number };
}

export interface LlmConfig {
  /** Absent: the endpoint needs none (a local server). */
  apiKey?: string;
  /** Absent: OpenAI's own endpoint. */
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  maxTokens: number;
}

export interface AppConfig {
  /** Absent: SQLite in the data folder. */
  database?: DatabaseConfig;
  /** Transcripts, Direct Line logs, state and leads older than this are purged. */
  retentionDays: number;
  /** 'pretty' only when asked for; JSON lines otherwise. */
  logFormat: 'json' | 'pretty';
  port: number;
  host: string;
  dataDir: string;
  logLevel: string;
  maxBodyBytes: number;
  /** Absent: the Bot Framework endpoint accepts unauthenticated callers (local use only). */
  botAuth?: BotAuthConfig;
  /** Absent: a development secret is generated into the data folder. */
  directLineSecret?: string;
  /** Other web sites allowed to fetch Web Chat tokens (the service's own pages always may). */
  webchatAllowedOrigins: string[];
  /** Absent: the WeChat route is not mounted. */
  wechat?: WechatConfig;
  /** Absent: the WhatsApp route is not mounted. */
  whatsapp?: WhatsAppConfig;
  /** Root of the repository's data folders (dialogs/, locales/). */
  contentRoot: string;
  handoff: HandoffConfig;
  production: boolean;
  /** Absent: /metrics answers only requests from this machine (loopback). */
  metricsToken?: string;
  /** Absent: no OpenTelemetry traces (the default). */
  tracing?: TracingConfig;
  /** Absent: free text is answered by the local retriever only. */
  llm?: LlmConfig;
  staff: StaffConfig;
}

export interface StaffConfig {
  /** Always mark session cookies Secure (set behind an HTTPS proxy); requests that arrive over TLS get it anyway. */
  secureCookies: boolean;
  idleMs: number;
  absoluteMs: number;
  /** Single sign-on; undefined when off. */
  oidc?: OidcConfig;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** The group (id or name, as the provider puts it in the claim) whose members become admins. */
  adminGroup?: string;
  staffGroup?: string;
  groupsClaim: string;
  /** Shown on the button: "Sign in with …". */
  label: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; every bad variable is named in the thrown ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv, contentRoot = findProjectRoot(__dirname)): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`));
  }
  const e = parsed.data;
  return {
    database: e.DATABASE_URL
      ? {
          url: e.DATABASE_URL,
          limits: { max: e.DATABASE_POOL_MAX, connectionTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS, statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS },
        }
      : undefined,
    retentionDays: e.RETENTION_DAYS,
    logFormat: e.LOG_FORMAT,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    directLineSecret: e.DIRECTLINE_SECRET,
    webchatAllowedOrigins: e.WEBCHAT_ALLOWED_ORIGINS,
    wechat:
      e.WECHAT_TOKEN && e.WECHAT_APP_ID && e.WECHAT_APP_SECRET
        ? {
            token: e.WECHAT_TOKEN,
            appId: e.WECHAT_APP_ID,
            appSecret: e.WECHAT_APP_SECRET,
            encodingAesKey: e.WECHAT_ENCODING_AES_KEY,
            apiBaseUrl: e.WECHAT_API_BASE_URL.replace(/\/$/, ''),
            timestampToleranceS: e.WECHAT_TIMESTAMP_TOLERANCE_S,
            replyBudgetMs: e.WECHAT_REPLY_BUDGET_MS,
          }
        : undefined,
    whatsapp:
      e.WHATSAPP_ACCESS_TOKEN && e.WHATSAPP_PHONE_NUMBER_ID && e.WHATSAPP_APP_SECRET && e.WHATSAPP_VERIFY_TOKEN
        ? {
            accessToken: e.WHATSAPP_ACCESS_TOKEN,
            phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID,
            appSecret: e.WHATSAPP_APP_SECRET,
            verifyToken: e.WHATSAPP_VERIFY_TOKEN,
            apiBaseUrl: (e.WHATSAPP_API_BASE_URL ?? DEFAULT_WHATSAPP_API_BASE_URL).replace(/\/$/, ''),
            sendTimeoutMs: e.WHATSAPP_SEND_TIMEOUT_MS,
          }
        : undefined,
    botAuth: e.MicrosoftAppId
      ? {
          appId: e.MicrosoftAppId,
          appPassword: e.MicrosoftAppPassword,
          appType: e.MicrosoftAppType ?? 'MultiTenant',
          tenantId: e.MicrosoftAppTenantId,
        }
      : undefined,
    contentRoot,
    handoff: {
      encryptionKey: e.DATA_ENCRYPTION_KEY,
      webhook: e.HANDOFF_WEBHOOK_URL && e.HANDOFF_WEBHOOK_SECRET ? { url: e.HANDOFF_WEBHOOK_URL, secret: e.HANDOFF_WEBHOOK_SECRET } : undefined,
      email: e.SMTP_URL && e.HANDOFF_EMAIL_FROM ? { smtpUrl: e.SMTP_URL, from: e.HANDOFF_EMAIL_FROM, to: e.HANDOFF_EMAIL_TO } : undefined,
      retryBaseMs: e.HANDOFF_RETRY_BASE_MS,
    },
    production: e.NODE_ENV === 'production',
    metricsToken: e.METRICS_TOKEN,
    tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME, headers: parseOtlpHeaders(e.OTEL_EXPORTER_OTLP_HEADERS) }
      : undefined,
    llm:
      e.OPENAI_MODEL && (e.OPENAI_API_KEY || e.OPENAI_BASE_URL)
        ? { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL?.replace(/\/$/, ''), model: e.OPENAI_MODEL, timeoutMs: e.LLM_TIMEOUT_MS, maxTokens: e.LLM_MAX_TOKENS }
        : undefined,
    staff: {
      secureCookies: e.STAFF_SECURE_COOKIES === 'true',
      idleMs: e.STAFF_SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.STAFF_SESSION_MAX_HOURS * 3_600_000,
      oidc:
        e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET && e.OIDC_REDIRECT_URI
          ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, redirectUri: e.OIDC_REDIRECT_URI, adminGroup: e.OIDC_ADMIN_GROUP, staffGroup: e.OIDC_STAFF_GROUP, groupsClaim: e.OIDC_GROUPS_CLAIM, label: e.OIDC_LABEL }
          : undefined,
    },
  };
}
