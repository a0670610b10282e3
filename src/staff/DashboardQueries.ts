import type { Database } from '../store/openDatabase';
import { staffDb } from './staffTables';

export const DASHBOARD_LANGUAGES = ['en', 'es', 'zh', 'unknown'] as const;
export type DashboardLanguage = (typeof DASHBOARD_LANGUAGES)[number];
/** Steps listed one by one in the drop-off table; the rest are summed as `other`. */
export const DROP_OFF_STEPS = 15;
export const DASHBOARD_MAX_DAYS = 366;

export interface DayRow {
  day: string;
  total: number;
  byLanguage: Record<DashboardLanguage, number>;
}

export interface Dashboard {
  from: string;
  to: string;
  timeZone: string;
  conversations: {
    total: number;
    perDay: DayRow[];
    byLanguage: Record<DashboardLanguage, number>;
    /** Every registered channel (zero when none came that way), and `other` for channels no registration names. */
    byChannel: Record<string, number>;
  };
  leads: {
    total: number;
    byOutcome: Record<'urgent' | 'qualified' | 'refer', number>;
    byStatus: Record<'new' | 'contacted' | 'closed', number>;
    byEndReason: Record<string, number>;
  };
  handoffs: Record<'waiting' | 'staff' | 'ended', number>;
  /** Minutes from a lead's creation to the first staff contact, over the contacted leads of the range. */
  firstContact: { contacted: number; medianMinutes: number | null };
  /** Conversations of the range that left no lead, by the step the bot showed last (`unknown` when none was kept). */
  dropOff: { step: string; conversations: number }[];
}

const DAY_MS = 86_400_000;

const HOUR_MS = 3_600_000;

/**
 * The calendar day of an instant in a time zone, as YYYY-MM-DD. Formatting is remembered per UTC hour when the
 * whole hour falls on one local day (most hours), so a dashboard over 100,000 conversations formats a few
 * thousand times; an hour in which local midnight falls (zones with :30 or :45 offsets) is formatted per instant.
 */
export function dayIn(zone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const hours = new Map<number, string | null>();
  return (iso) => {
    const ms = Date.parse(iso);
    const hour = Math.floor(ms / HOUR_MS) * HOUR_MS;
    let day = hours.get(hour);
    if (day === undefined) {
      const first = format.format(new Date(hour));
      day = first === format.format(new Date(hour + HOUR_MS - 1)) ? first : null;
      hours.set(hour, day);
    }
    return day ?? format.format(new Date(ms));
  };
}

/** Every day from `from` to `to` inclusive (YYYY-MM-DD, calendar arithmetic). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const zeroLanguages = (): Record<DashboardLanguage, number> => ({ en: 0, es: 0, zh: 0, unknown: 0 });

/**
 * The staff dashboard's figures for a range of days in the office's time zone. Reads only plain columns (dates,
 * languages, outcomes, states, step keys): no message text is decrypted. Rows are fetched for the range widened
 * by a day on each side and assigned to days in the office's zone here, which works the same on both engines.
 */
export class DashboardQueries {
  /** @param channels the registered channel ids, counted even when nobody came that way. */
  constructor(
    private readonly database: Database,
    private readonly channels: readonly string[] = [],
  ) {}

  async figures(from: string, to: string, timeZone: string): Promise<Dashboard> {
    const day = dayIn(timeZone);
    const inRange = (iso: string) => {
      const d = day(iso);
      return d >= from && d <= to;
    };
    const lower = new Date(Date.parse(`${from}T00:00:00Z`) - DAY_MS).toISOString();
    const upper = new Date(Date.parse(`${to}T00:00:00Z`) + 2 * DAY_MS).toISOString();
    const db = staffDb(this.database.db);

    const conversations = (
      await db
        .selectFrom('conversations as c')
        .select(['c.created_at', 'c.locale', 'c.last_step', 'c.channel_id'])
        .select((eb) => eb.exists(eb.selectFrom('leads as l').select('l.id').whereRef('l.channel_id', '=', 'c.channel_id').whereRef('l.conversation_id', '=', 'c.conversation_id')).as('has_lead'))
        .where('c.created_at', '>=', lower)
        .where('c.created_at', '<', upper)
        .execute()
    ).filter((r) => inRange(r.created_at));

    const days = daysBetween(from, to);
    const perDay = new Map(days.map((d) => [d, { day: d, total: 0, byLanguage: zeroLanguages() }]));
    const byLanguage = zeroLanguages();
    const byChannel: Record<string, number> = Object.fromEntries([...this.channels, 'other'].map((c) => [c, 0]));
    const steps = new Map<string, number>();
    for (const row of conversations) {
      const channel = this.channels.includes(row.channel_id) ? row.channel_id : 'other';
      byChannel[channel] = (byChannel[channel] ?? 0) + 1;
      const language: DashboardLanguage = row.locale === 'en' || row.locale === 'es' || row.locale === 'zh' ? row.locale : 'unknown';
      const bucket = perDay.get(day(row.created_at));
      if (bucket) {
        bucket.total += 1;
        bucket.byLanguage[language] += 1;
      }
      byLanguage[language] += 1;
      if (!isTrue(row.has_lead)) steps.set(row.last_step ?? 'unknown', (steps.get(row.last_step ?? 'unknown') ?? 0) + 1);
    }

    const leads = (
      await db
        .selectFrom('leads as l')
        .leftJoin('handoffs as h', 'h.lead_id', 'l.id')
        .select(['l.created_at', 'l.outcome', 'l.status', 'l.end_reason', 'l.first_contact_at', 'h.state'])
        .where('l.created_at', '>=', lower)
        .where('l.created_at', '<', upper)
        .execute()
    ).filter((r) => inRange(r.created_at));
    const byOutcome = { urgent: 0, qualified: 0, refer: 0 };
    const byStatus = { new: 0, contacted: 0, closed: 0 };
    const byEndReason: Record<string, number> = {};
    const handoffs = { waiting: 0, staff: 0, ended: 0 };
    const waits: number[] = [];
    for (const lead of leads) {
      byOutcome[lead.outcome] += 1;
      byStatus[lead.status] += 1;
      if (lead.end_reason) byEndReason[lead.end_reason] = (byEndReason[lead.end_reason] ?? 0) + 1;
      if (lead.state) handoffs[lead.state] += 1;
      if (lead.first_contact_at) waits.push(Math.max(0, (Date.parse(lead.first_contact_at) - Date.parse(lead.created_at)) / 60_000));
    }

    const ranked = [...steps.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const dropOff = ranked.slice(0, DROP_OFF_STEPS).map(([step, n]) => ({ step, conversations: n }));
    const rest = ranked.slice(DROP_OFF_STEPS).reduce((sum, [, n]) => sum + n, 0);
    if (rest > 0) dropOff.push({ step: 'other', conversations: rest });
    const middle = median(waits);

    return {
      from,
      to,
      timeZone,
      conversations: { total: conversations.length, perDay: [...perDay.values()], byLanguage, byChannel },
      leads: { total: leads.length, byOutcome, byStatus, byEndReason },
      handoffs,
      firstContact: { contacted: waits.length, medianMinutes: middle === null ? null : Math.round(middle * 10) / 10 },
      dropOff,
    };
  }
}

/** SQLite answers EXISTS with 1/0, PostgreSQL with true/false. */
function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}
