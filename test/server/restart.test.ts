import { emulatorActivity, postJson, startApp } from '../helpers/httpApp';
import { makeTempDir } from '../helpers/testRuntime';

type Replies = { activities: Array<{ channelData?: { camino?: { tags?: string[] } } }> };
const tags = (json: unknown) => (json as Replies).activities.flatMap((a) => a.channelData?.camino?.tags ?? []);

describe('a restart', () => {
  it('keeps the place of a conversation on the same SQLite file', async () => {
    const dataDir = makeTempDir();
    const say = (baseUrl: string, text: string) =>
      postJson(`${baseUrl}/api/messages`, emulatorActivity({ conversation: { id: 'restart-conv' }, deliveryMode: 'expectReplies', text }));

    const first = await startApp({}, dataDir);
    await say(first.baseUrl, 'hello');
    const topic = await say(first.baseUrl, 'Mexico returns (2023)');
    expect(tags(topic.json)).toContain('card:mexico-returns');
    await first.app.close();

    const second = await startApp({}, dataDir);
    try {
      const next = await say(second.baseUrl, 'Next');
      expect(tags(next.json)).toEqual(['card:who-was-affected', 'nav.prompt']);
      const log = await second.app.runtime.transcripts.list('emulator', 'restart-conv');
      expect(log.filter((r) => r.direction === 'in').map((r) => r.activity.text)).toEqual(['hello', 'Mexico returns (2023)', 'Next']);
    } finally {
      await second.app.close();
    }
  });
});
