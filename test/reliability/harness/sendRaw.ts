import http from 'node:http';
import type { HostileRequest } from './hostileRequests';

export type RawOutcome = { status: number; ms: number } | { error: string; ms: number };

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

/** Sends a request exactly as given (no path normalisation); an answer later than `timeoutMs` counts as a hang. */
export function sendRaw(baseUrl: string, request: HostileRequest, timeoutMs = 15_000): Promise<RawOutcome> {
  const url = new URL(baseUrl);
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    let req: http.ClientRequest;
    try {
      req = http.request({ host: url.hostname, port: url.port, method: request.method, path: request.path, headers: request.headers, agent, timeout: timeoutMs }, (res) => {
        res.resume();
        res.on('end', () => finish({ status: res.statusCode ?? 0, ms: Date.now() - started }));
        res.on('error', () => finish({ status: res.statusCode ?? 0, ms: Date.now() - started }));
      });
    } catch (error) {
      finish({ error: `not sendable: ${(error as Error).message}`, ms: 0 });
      return;
    }
    req.on('timeout', () => {
      finish({ error: 'hang (no answer in time)', ms: Date.now() - started });
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message, ms: Date.now() - started }));
    req.end(request.body);
  });
}

/** Frees the sockets kept alive for the next request. */
export function closeRawConnections(): void {
  agent.destroy();
}
