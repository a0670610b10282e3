/* botframework-directlinejs in Node needs the browser's XMLHttpRequest and WebSocket on `global`. */
import WebSocket from 'ws';
import type * as DirectLineModule from 'botframework-directlinejs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const NodeXhr: unknown = require('xhr2');
Object.assign(global, { XMLHttpRequest: NodeXhr, WebSocket });

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { DirectLine } = require('botframework-directlinejs') as typeof DirectLineModule;

export interface SeenActivity {
  id?: string;
  type: string;
  text?: string;
  from: { id: string; role?: string };
  locale?: string;
  channelData?: { clientActivityID?: string; camino?: { tags?: string[] } };
}

export async function waitUntil(predicate: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
