import { createApp, type App } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/loadConfig';
import { createLogger } from '../../src/util/logger';
import { makeTempDir } from './testRuntime';

export interface RunningApp {
  app: App;
  baseUrl: string;
  dataDir: string;
}

export interface StartOptions {
  /** The clock content review dates are measured against (the real one by default). */
  now?: () => Date;
  /** A folder with its own dialogs/, locales/ and public/ (the repository by default). */
  contentRoot?: string;
}

/** The whole service on a free loopback port, on a real SQLite file. */
export async function startApp(env: Record<string, string> = {}, dataDir = makeTempDir(), options: StartOptions = {}): Promise<RunningApp> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }, options.contentRoot);
  const app = await createApp(config, createLogger(config.logLevel), { now: options.now });
  const port = await app.listen();
  return { app, baseUrl: `http://127.0.0.1:${port}`, dataDir };
}

let counter = 0;

/** An activity shaped like the ones the Bot Framework Emulator posts. */
export function emulatorActivity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter += 1;
  return {
    type: 'message',
    id: `act-${Date.now()}-${counter}`,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9',
    timestamp: new Date().toISOString(),
    locale: 'en-US',
    from: { id: 'user-1', name: 'User', role: 'user' },
    recipient: { id: 'bot-1', name: 'Camino', role: 'bot' },
    conversation: { id: 'conv-1' },
    text: 'hello',
    ...overrides,
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // some answers are not JSON; the raw text is what the test looks at then
  }
  return { status: response.status, json };
}
