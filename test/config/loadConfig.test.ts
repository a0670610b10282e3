import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/loadConfig';

describe('loadConfig', () => {
  it('starts with no variables at all: port 3978, ./data, no bot authentication', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.botAuth).toBeUndefined();
  });

  it('leaves the language model off unless one is configured, with an 8-second timeout by default', () => {
    expect(loadConfig({}).llm).toBeUndefined();
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1/', OPENAI_MODEL: 'local' }).llm).toEqual({
      apiKey: undefined,
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'local',
      timeoutMs: 8000,
      maxTokens: 700,
    });
  });

  it('reads PORT and DATA_DIR', () => {
    const config = loadConfig({ PORT: '4000', DATA_DIR: '/tmp/camino-x' });
    expect(config.port).toBe(4000);
    expect(config.dataDir).toBe('/tmp/camino-x');
  });

  it.each([
    [{ PORT: 'eighty' }, ['PORT']],
    [{ PORT: '70000' }, ['PORT']],
    [{ LOG_LEVEL: 'loud' }, ['LOG_LEVEL']],
    [{ MicrosoftAppId: 'abc' }, ['MicrosoftAppPassword']],
    [{ MicrosoftAppPassword: 'secret' }, ['MicrosoftAppId']],
    [{ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'p', MicrosoftAppType: 'SingleTenant' }, ['MicrosoftAppTenantId']],
    [{ PORT: 'x', LOG_LEVEL: 'y' }, ['PORT', 'LOG_LEVEL']],
    [{ WECHAT_TOKEN: 't' }, ['WECHAT_APP_ID', 'WECHAT_APP_SECRET']],
    [{ WECHAT_APP_ID: 'wx1' }, ['WECHAT_TOKEN']],
    [{ WECHAT_TOKEN: 't', WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', WECHAT_ENCODING_AES_KEY: 'short' }, ['WECHAT_ENCODING_AES_KEY']],
    [{ DIRECTLINE_SECRET: 'too-short' }, ['DIRECTLINE_SECRET']],
    [{ WEBCHAT_ALLOWED_ORIGINS: 'not a url' }, ['WEBCHAT_ALLOWED_ORIGINS']],
    [{ OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1' }, ['OPENAI_MODEL']],
    [{ OPENAI_MODEL: 'gpt-4o-mini' }, ['OPENAI_API_KEY']],
    [{ OPENAI_BASE_URL: 'not a url', OPENAI_MODEL: 'm' }, ['OPENAI_BASE_URL']],
    [{ OPENAI_API_KEY: 'k', OPENAI_MODEL: 'm', LLM_TIMEOUT_MS: '10' }, ['LLM_TIMEOUT_MS']],
  ])('names every bad variable: %j', (env, names) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems;
    for (const name of names) expect(problems.some((p) => p.startsWith(`${name}:`))).toBe(true);
    expect(problems).toHaveLength(names.length);
  });

  it('turns bot authentication on with an app id and password', () => {
    const config = loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' });
    expect(config.botAuth).toEqual({ appId: 'app', appPassword: 'pw', appType: 'MultiTenant', tenantId: undefined });
  });
});
