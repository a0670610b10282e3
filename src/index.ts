import { createApp } from './app/createApp';
import { describeOverdueCards } from './content/describeOverdueCards';
import { ConfigError, loadConfig } from './config/loadConfig';
import { createLogger, describeError } from './util/logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel, undefined, { pretty: config.logFormat === 'pretty' });
  const app = await createApp(config, logger);
  const port = await app.listen();
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const lines = [
    `Camino is listening on http://${shown}:${port}`,
    `  Bot Framework endpoint: http://${shown}:${port}/api/messages (${config.botAuth ? `authentication ON, app id ${config.botAuth.appId}` : 'authentication OFF: local use only, see README'})`,
    `  Storage: ${app.database.engine === 'sqlite' ? `SQLite at ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'} (schema ${await app.database.schemaVersion()})`,
    `  Content: ${app.domain.content.ids.length} cards in en, es, zh, each reviewed every ${app.domain.settings.reviewEveryDays} days`,
    ...describeOverdueCards(app.domain.content, app.domain.now(), app.domain.settings.reviewEveryDays).map((line) => `  ${line}`),
    `  Website chat: http://${shown}:${port}/ (Direct Line 3.0 at /v3/directline, ${app.directLineSecretGenerated ? 'development secret in the data folder' : 'secret from DIRECTLINE_SECRET'})`,
    `  WeChat: ${config.wechat ? `on at /wechat (${config.wechat.encodingAesKey ? 'safe mode' : 'plain mode: prefer safe mode, see README'})` : 'off (set WECHAT_TOKEN, WECHAT_APP_ID and WECHAT_APP_SECRET to turn it on)'}`,
    `  WhatsApp: ${config.whatsapp ? `on at /whatsapp (Graph API ${new URL(config.whatsapp.apiBaseUrl).host}${new URL(config.whatsapp.apiBaseUrl).pathname})` : 'off (set WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN to turn it on)'}`,
    `  Health: /healthz, /readyz, /metrics (${config.metricsToken ? 'bearer token' : 'this machine only'}); tracing ${config.tracing ? `on (OTLP to ${new URL(config.tracing.endpoint).host})` : 'off'}`,
    `  Staff app: http://${shown}:${port}/staff`,
  ];
  if (!(await app.staff.accounts.hasActiveAdmin())) {
    lines.push('  No staff admin account yet. Create the first one with:', '    npm run staff -- add --email you@example.org --role admin');
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = (signal: string) => {
    logger.info('shutting down', { signal });
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', describeError(error));
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Camino could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
