import { isJsonObject } from './parseJsonObject';

export interface PagePosition {
  created: string;
  id: string;
}

export class InvalidContinuationTokenError extends Error {
  constructor() {
    super('invalid continuation token');
    this.name = 'InvalidContinuationTokenError';
  }
}

/** Opaque to callers: the position of the last item of a page, so the next page starts right after it. */
export function encodePageToken(position: PagePosition): string {
  return Buffer.from(JSON.stringify({ c: position.created, i: position.id }), 'utf8').toString('base64url');
}

export function decodePageToken(token: string): PagePosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidContinuationTokenError();
  }
  if (!isJsonObject(value) || typeof value.c !== 'string' || typeof value.i !== 'string') throw new InvalidContinuationTokenError();
  return { created: value.c, id: value.i };
}
