import { createApp } from '../../src/app/createApp';
import { loadConfig } from '../../src/config/loadConfig';
import { createLogger } from '../../src/util/logger';
import { makeTempDir } from '../helpers/testRuntime';

async function startupLines(env: Record<string, string>): Promise<{ msg: string; model?: string }[]> {
  const lines: string[] = [];
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: makeTempDir(), ...env });
  const app = await createApp(config, createLogger('info', (l) => lines.push(l)));
  await app.close();
  return lines.map((l) => JSON.parse(l) as { msg: string; model?: string }).filter((l) => l.msg.startsWith('language model'));
}

describe('start-up', () => {
  it('says the language model is off when nothing is configured', async () => {
    const lines = await startupLines({});
    expect(lines).toHaveLength(1);
    expect(lines[0].msg).toMatch(/^language model off/);
  });

  it('says it is on, with the model name, when an endpoint is configured', async () => {
    const lines = await startupLines({ OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_MODEL: 'local-model' });
    expect(lines).toEqual([expect.objectContaining({ msg: expect.stringMatching(/^language model on/), model: 'local-model' })]);
  });
});
