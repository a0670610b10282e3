import path from 'node:path';
import { z } from 'zod';
import { findProjectRoot } from '../util/findProjectRoot';

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

export interface AppConfig {
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
  /** Root of the repository's data folders (dialogs/, locales/). */
  contentRoot: string;
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
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    directLineSecret: e.DIRECTLINE_SECRET,
    webchatAllowedOrigins: e.WEBCHAT_ALLOWED_ORIGINS,
    botAuth: e.MicrosoftAppId
      ? {
          appId: e.MicrosoftAppId,
          appPassword: e.MicrosoftAppPassword,
          appType: e.MicrosoftAppType ?? 'MultiTenant',
          tenantId: e.MicrosoftAppTenantId,
        }
      : undefined,
    contentRoot,
  };
}
