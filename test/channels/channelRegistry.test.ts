import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { CHANNELS, channelDirectory, selfHostedChannelIds } from '../../src/channels/channelRegistry';
import { DIRECTLINE_CHANNEL } from '../../src/channels/directline/DirectLineAdapter';
import { STAFF_LOCALES } from '../../src/staff/mountStaff';
import { openDatabase } from '../../src/store/openDatabase';
import { makeTempDir, ROOT } from '../helpers/testRuntime';

describe('the channel registry', () => {
  it('names each channel once', () => {
    expect(new Set(CHANNELS.map((c) => c.id)).size).toBe(CHANNELS.length);
  });

  it('lists the channels Camino serves itself, for the Bot Framework endpoint to refuse', () => {
    expect(selfHostedChannelIds().sort()).toEqual([DIRECTLINE_CHANNEL, 'wechat', 'whatsapp'].sort());
  });

  it.each(STAFF_LOCALES)('gives every channel staff can filter by a label in locales/%s/staff.json', (locale) => {
    const strings = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', locale, 'staff.json'), 'utf8')) as Record<string, unknown>;
    const missing = CHANNELS.filter((c) => !c.hidden && typeof strings[`channel.${c.id}`] !== 'string').map((c) => c.id);
    expect(missing).toEqual([]);
    expect(typeof strings['channel.other']).toBe('string');
  });

  it('names personal tables and columns that exist, so erasure and retention can empty them', async () => {
    const database = await openDatabase({ engine: 'sqlite', file: path.join(makeTempDir(), 'camino.sqlite') });
    try {
      for (const table of CHANNELS.flatMap((c) => c.personalTables)) {
        const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table.table})`.execute(database.db)).rows.map((r) => r.name);
        expect({ table: table.table, has: [table.conversationColumn, table.touchedColumn].filter((c) => columns.includes(c)) }).toEqual({ table: table.table, has: [table.conversationColumn, table.touchedColumn] });
      }
    } finally {
      await database.close();
    }
  });

  it('renders unknown channels as plain text with numbered choices', () => {
    expect(channelDirectory.capabilitiesFor('some-new-channel')).toEqual({ cards: false, typing: false, media: [] });
    expect(channelDirectory.capabilitiesFor(undefined).buttons).toBeUndefined();
  });
});
