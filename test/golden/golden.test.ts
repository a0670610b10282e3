import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createTestAdapter, createTestRuntime, sendAndCollect, tagsOf, type TestRuntime } from '../helpers/testRuntime';
import { GOLDEN_FILES, type GoldenStep, readGolden } from './goldenFile';

/**
 * Golden conversations: one short conversation per file, user steps and the bot's replies named by text key
 * or card id. `GOLDEN_RECORD=1 npx jest test/golden` rewrites the expectations from what the bot does now:
 * read the diff before committing it.
 */
const dir = __dirname;
const files = GOLDEN_FILES;
const recording = process.env.GOLDEN_RECORD === '1';

function toActivity(user: GoldenStep['user']) {
  if (typeof user === 'string') return { type: 'message', text: user };
  if ('event' in user) return { type: 'event', name: user.event };
  return { type: 'conversationUpdate', membersAdded: [{ id: 'user1', name: 'User' }] };
}

describe('golden conversations', () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime();
  });
  afterEach(async () => rt.close());

  it('has golden files to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s', async (file) => {
    const full = path.join(dir, file);
    const golden = readGolden(file);
    const adapter = createTestAdapter(rt.runtime, { locale: golden.channelLocale ?? '', ...(golden.channel ? { channelId: golden.channel } : {}) });
    for (const [i, step] of golden.steps.entries()) {
      const replies = await sendAndCollect(adapter, toActivity(step.user));
      const tags = tagsOf(replies);
      if (recording) {
        step.bot = tags;
        step.locale = replies[replies.length - 1]?.locale;
        continue;
      }
      expect({ step: i + 1, user: step.user, bot: tags }).toEqual({ step: i + 1, user: step.user, bot: step.bot });
      if (step.locale) for (const reply of replies) expect(reply.locale).toBe(step.locale);
    }
    if (recording) fs.writeFileSync(full, YAML.stringify(golden, { lineWidth: 0 }));
  });
});
