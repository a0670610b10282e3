import pino from 'pino';
import { currentLogContext } from './logContext';

/** Structured log fields. Never put message text, names, phone numbers or tokens in them. */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
}

/** Field names that would carry what a person wrote or who they are; replaced should a caller ever pass one. */
const REDACTED_FIELDS = ['text', 'name', 'phone', 'email', 'wechat', 'openId', 'openid', 'contact', 'token', 'authorization', 'secret', 'password'];

export interface LoggerOptions {
  /** Human-readable lines through pino-pretty (LOG_FORMAT=pretty); JSON lines otherwise. */
  pretty?: boolean;
}

/** JSON lines (pino) on stdout, or through `write`; `level` is the most detailed level written. */
export function createLogger(level: string, write?: (line: string) => void, options: LoggerOptions = {}): Logger {
  const settings: pino.LoggerOptions = {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_FIELDS, censor: '[redacted]' },
    // The request id and hashed conversation of whatever is being handled (src/util/logContext.ts).
    mixin: () => currentLogContext(),
  };
  const destination = write
    ? { write: (chunk: string) => write(chunk.replace(/\n$/, '')) }
    : options.pretty
      ? pino.transport({ target: 'pino-pretty', options: { colorize: false, translateTime: 'SYS:standard' } })
      : pino.destination({ dest: 1, sync: true });
  const log = pino(settings, destination);
  const emit = (lvl: 'error' | 'warn' | 'info' | 'debug') => (msg: string, fields: LogFields = {}) => log[lvl](fields, msg);
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}

/** An error's kind and message, without the stack's file paths or any payload it carried. */
export function describeError(error: unknown): LogFields {
  if (error instanceof Error) return { error: error.name, reason: error.message.slice(0, 300) };
  return { error: typeof error };
}
