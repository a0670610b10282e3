import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../helpers/testRuntime';

export interface MemoryReading {
  rss: number;
  heapUsed: number;
}

export interface ServiceOptions {
  dataDir: string;
  /** Fixed, so a restarted service answers on the same address as before. */
  port: number;
  env?: Record<string, string>;
}


/**
 * The service as a real child process (src/index.ts through tsx's loader, one process, so SIGKILL hits the
 * service itself), with a hook that reports memory after a forced garbage collection.
 */
export class ServiceProcess {
  readonly baseUrl: string;
  /** Resolves with the exit code or signal once the process has ended. */
  readonly exited: Promise<string>;
  private output = '';
  private memoryWaiters: Array<(reading: MemoryReading) => void> = [];

  private constructor(
    private readonly child: ChildProcess,
    port: number,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
    child.stdout?.on('data', (chunk: Buffer) => this.read(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000)));
  }

  static async start(options: ServiceOptions): Promise<ServiceProcess> {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--import', path.join(__dirname, 'gcOnSignal.ts'), path.join(ROOT, 'src', 'index.ts')],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(options.port), DATA_DIR: options.dataDir, LOG_LEVEL: 'error', ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const service = new ServiceProcess(child, options.port);
    await service.waitReady();
    return service;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** The last lines the service wrote (for a failure message). */
  get recentOutput(): string {
    return this.output.slice(-4000);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kills the process outright, as a crash or an out-of-memory kill would. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A normal shutdown (SIGTERM), with SIGKILL if it takes too long. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Memory of the service right after a full garbage collection. */
  async memoryAfterGc(): Promise<MemoryReading> {
    const reading = new Promise<MemoryReading>((resolve) => this.memoryWaiters.push(resolve));
    this.child.kill('SIGUSR2');
    return reading;
  }

  private read(chunk: string): void {
    for (const line of chunk.split('\n')) {
      const match = /^__camino_memory (.+)$/.exec(line);
      if (match) this.memoryWaiters.shift()?.(JSON.parse(match[1]) as MemoryReading);
      else if (line.trim()) this.output = (this.output + line + '\n').slice(-20_000);
    }
  }

  private async waitReady(timeoutMs = 60_000): Promise<void> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (!this.running) throw new Error(`the service exited before it was ready:\n${this.recentOutput}`);
      try {
        const response = await fetch(`${this.baseUrl}/readyz`);
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.child.kill('SIGKILL');
    throw new Error(`the service was not ready within ${timeoutMs} ms:\n${this.recentOutput}`);
  }
}
