import type { ConversationRecord } from './ConversationRecords';

const COLUMNS = ['channel', 'conversation', 'locale', 'seq', 'side', 'at', 'staff', 'text', 'chosen', 'cards', 'outcome', 'lead_status', 'content_cards'] as const;

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet does not run it as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per message, with the conversation's latest lead outcome and status on every row. */
export function toCsv(records: readonly ConversationRecord[]): string {
  const lines = [COLUMNS.join(',')];
  for (const record of records) {
    const lead = record.leads.at(-1);
    for (const entry of record.entries) {
      const row = [record.channelId, record.conversationId, record.locale ?? '', String(entry.seq), entry.side, entry.at, entry.staff ? 'yes' : '', entry.text, entry.chosen ?? '', entry.cards.join('\n'), lead?.outcome ?? '', lead?.status ?? '', entry.shownCards.map((c) => `${c.id} v${c.version} (${c.asOf})`).join('\n')];
      lines.push(row.map(cell).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function toJson(records: readonly ConversationRecord[]): string {
  return JSON.stringify({ exportedAt: new Date().toISOString(), conversations: records }, null, 2);
}
