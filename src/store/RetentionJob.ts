import { describeError, type Logger } from '../util/logger';
import type { Database } from './openDatabase';
import type { PersonalTable } from './personalTables';
import { purgeExpired } from './purgeExpired';

const EVERY_MS = 6 * 60 * 60 * 1000;
const FIRST_AFTER_MS = 60 * 1000;

/** Runs the retention purge a minute after start and every six hours; several instances take turns through a lock. */
export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly database: Database,
    private readonly retentionDays: number,
    private readonly logger: Logger,
    /** The channels' tables that name people (from their registrations). */
    private readonly personalTables: readonly PersonalTable[],
  ) {}

  start(firstAfterMs = FIRST_AFTER_MS): void {
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.runOnce().finally(() => {
          this.running = undefined;
          if (this.timer) schedule(EVERY_MS);
        });
      }, delay).unref();
    };
    schedule(firstAfterMs);
  }

  async runOnce(): Promise<void> {
    try {
      const report = await purgeExpired(this.database, this.retentionDays, this.personalTables);
      if (report) {
        const { channelRows, ...counts } = report;
        this.logger.info('retention purge done', { ...counts, channelRows: Object.values(channelRows).reduce((a, b) => a + b, 0) });
      }
      else this.logger.debug('retention purge skipped: another instance is running it');
    } catch (error) {
      this.logger.warn('retention purge failed', describeError(error));
    }
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
