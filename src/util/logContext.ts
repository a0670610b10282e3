import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogFields } from './logger';

/**
 * Correlation fields (request id, hashed conversation reference) that every log line written while handling one
 * request or turn carries, without passing them to each call.
 */
const context = new AsyncLocalStorage<LogFields>();

export function currentLogContext(): LogFields {
  return context.getStore() ?? {};
}

/** Runs `fn` with `fields` added to the current correlation fields. */
export function runWithLogContext<T>(fields: LogFields, fn: () => T): T {
  return context.run({ ...currentLogContext(), ...fields }, fn);
}

/** Adds `fields` for the rest of the current execution (a request's handler chain, entered from restify's pre hook). */
export function enterLogContext(fields: LogFields): void {
  context.enterWith({ ...fields });
}
