import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/loadConfig';

const WHATSAPP = { WHATSAPP_ACCESS_TOKEN: 'EAAJB-token', WHATSAPP_PHONE_NUMBER_ID: '106540352242922', WHATSAPP_APP_SECRET: 'app-secret', WHATSAPP_VERIFY_TOKEN: 'a-verify-token-of-length' };

describe('loadConfig', () => {
  it('starts with no variables at all: port 3978, ./data, no bot authentication', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.botAuth).toBeUndefined();
  });

  it('uses SQLite and keeps data 180 days unless told otherwise, and PostgreSQL with its pool limits when DATABASE_URL is set', () => {
    const plain = loadConfig({});
    expect(plain.database).toBeUndefined();
    expect(plain.retentionDays).toBe(180);
    const pg = loadConfig({ DATABASE_URL: 'postgres://camino:pw@db:5432/camino', DATABASE_POOL_MAX: '25', RETENTION_DAYS: '30' });
    expect(pg.database).toEqual({ url: 'postgres://camino:pw@db:5432/camino', limits: { max: 25, connectionTimeoutMs: 5000, statementTimeoutMs: 15_000 } });
    expect(pg.retentionDays).toBe(30);
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

  it('turns WhatsApp on with all four secrets, on the Graph API with a pinned version unless told otherwise', () => {
    expect(loadConfig({}).whatsapp).toBeUndefined();
    expect(loadConfig(WHATSAPP).whatsapp).toEqual({ accessToken: 'EAAJB-token', phoneNumberId: '106540352242922', appSecret: 'app-secret', verifyToken: 'a-verify-token-of-length', apiBaseUrl: 'https://graph.facebook.com/v25.0', sendTimeoutMs: 10_000 });
    expect(loadConfig({ ...WHATSAPP, WHATSAPP_API_BASE_URL: 'http://127.0.0.1:9/v25.0/' }).whatsapp?.apiBaseUrl).toBe('http://127.0.0.1:9/v25.0');
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
    [{ WHATSAPP_ACCESS_TOKEN: 'EAAJB' }, ['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN']],
    [{ WHATSAPP_API_BASE_URL: 'https://graph.facebook.com/v25.0' }, ['WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN']],
    [{ ...WHATSAPP, WHATSAPP_PHONE_NUMBER_ID: '+1 555 078 3881' }, ['WHATSAPP_PHONE_NUMBER_ID']],
    [{ ...WHATSAPP, WHATSAPP_VERIFY_TOKEN: 'short' }, ['WHATSAPP_VERIFY_TOKEN']],
    [{ ...WHATSAPP, WHATSAPP_API_BASE_URL: 'graph.facebook.com' }, ['WHATSAPP_API_BASE_URL']],
    [{ DIRECTLINE_SECRET: 'too-short' }, ['DIRECTLINE_SECRET']],
    [{ WEBCHAT_ALLOWED_ORIGINS: 'not a url' }, ['WEBCHAT_ALLOWED_ORIGINS']],
    [{ NODE_ENV: 'production' }, ['DATA_ENCRYPTION_KEY', 'DIRECTLINE_SECRET']],
    [{ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'ab'.repeat(32) }, ['DIRECTLINE_SECRET']],
    [{ NODE_ENV: 'staging' }, ['NODE_ENV']],
    [{ METRICS_TOKEN: 'short' }, ['METRICS_TOKEN']],
    [{ DATABASE_URL: 'mysql://db/camino' }, ['DATABASE_URL']],
    [{ DATABASE_POOL_MAX: '0', RETENTION_DAYS: 'forever' }, ['DATABASE_POOL_MAX', 'RETENTION_DAYS']],
    [{ DATA_ENCRYPTION_KEY: `${'a'.repeat(64)},not-a-key` }, ['DATA_ENCRYPTION_KEY']],
    [{ LOG_FORMAT: 'xml' }, ['LOG_FORMAT']],
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

  it('starts in production with a real encryption key and Direct Line secret', () => {
    const config = loadConfig({ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: 'ab'.repeat(32), DIRECTLINE_SECRET: 's'.repeat(40) });
    expect(config.production).toBe(true);
  });

  it('turns bot authentication on with an app id and password', () => {
    const config = loadConfig({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'pw' });
    expect(config.botAuth).toEqual({ appId: 'app', appPassword: 'pw', appType: 'MultiTenant', tenantId: undefined });
  });
});
