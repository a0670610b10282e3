import { ConfigError, loadConfig } from '../../src/config/loadConfig';

const hexKey = 'ab'.repeat(32);

describe('handoff settings in the environment', () => {
  it('turns webhook and email notifications on only when configured', () => {
    expect(loadConfig({}).handoff).toEqual({ encryptionKey: undefined, webhook: undefined, email: undefined, retryBaseMs: 5000 });
    const config = loadConfig({
      DATA_ENCRYPTION_KEY: hexKey,
      HANDOFF_WEBHOOK_URL: 'https://staff.example.com/hooks/camino',
      HANDOFF_WEBHOOK_SECRET: 'sixteen-chars-ok',
      SMTP_URL: 'smtp://user:pass@mail.example.com:587',
      HANDOFF_EMAIL_FROM: 'camino@example.com',
      HANDOFF_EMAIL_TO: 'intake@example.com, urgent@example.com',
    }).handoff;
    expect(config.webhook).toEqual({ url: 'https://staff.example.com/hooks/camino', secret: 'sixteen-chars-ok' });
    expect(config.email).toEqual({ smtpUrl: 'smtp://user:pass@mail.example.com:587', from: 'camino@example.com', to: ['intake@example.com', 'urgent@example.com'] });
  });

  it.each([
    ['a key that is not 32 bytes', { DATA_ENCRYPTION_KEY: 'abcd' }, 'DATA_ENCRYPTION_KEY'],
    ['a webhook without a secret', { HANDOFF_WEBHOOK_URL: 'https://staff.example.com/hook' }, 'HANDOFF_WEBHOOK_SECRET'],
    ['a short secret', { HANDOFF_WEBHOOK_URL: 'https://staff.example.com/hook', HANDOFF_WEBHOOK_SECRET: 'short' }, 'HANDOFF_WEBHOOK_SECRET'],
    ['a webhook URL that is not a URL', { HANDOFF_WEBHOOK_URL: 'staff hook', HANDOFF_WEBHOOK_SECRET: 'sixteen-chars-ok' }, 'HANDOFF_WEBHOOK_URL'],
    ['SMTP without recipients', { SMTP_URL: 'smtp://mail.example.com', HANDOFF_EMAIL_FROM: 'camino@example.com' }, 'HANDOFF_EMAIL_TO'],
    ['SMTP that is not an SMTP URL', { SMTP_URL: 'http://mail.example.com', HANDOFF_EMAIL_FROM: 'a@example.com', HANDOFF_EMAIL_TO: 'b@example.com' }, 'SMTP_URL'],
    ['a recipient that is not an address', { SMTP_URL: 'smtp://mail.example.com', HANDOFF_EMAIL_FROM: 'a@example.com', HANDOFF_EMAIL_TO: 'intake' }, 'HANDOFF_EMAIL_TO'],
  ])('names the variable for %s', (_name, env, variable) => {
    try {
      loadConfig(env);
      throw new Error('loadConfig accepted it');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toContain(variable);
    }
  });
});
