/** Structured log fields. Never put message text, names, phone numbers or tokens in them. */
export type LogFields = Record<string, string | number | boolean | undefined>;

export interface Logger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
}

const LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** JSON lines on stdout; `level` is the most detailed level written. */
export function createLogger(level: string, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const limit = LEVELS.indexOf(level as (typeof LEVELS)[number]);
  const emit = (lvl: (typeof LEVELS)[number]) => (msg: string, fields: LogFields = {}) => {
    if (LEVELS.indexOf(lvl) > limit) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields }));
  };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') };
}

/** An error's kind and message, without the stack's file paths or any payload it carried. */
export function describeError(error: unknown): LogFields {
  if (error instanceof Error) return { error: error.name, reason: error.message.slice(0, 300) };
  return { error: typeof error };
}
