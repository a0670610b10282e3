import type { Request, Response, Server } from 'restify';
import { type BaseClient, custom, errors, generators, Issuer } from 'openid-client';
import type { OidcConfig } from '../config/loadConfig';
import type { FieldCipher } from '../crypto/FieldCipher';
import { describeError, type Logger } from '../util/logger';
import type { AccountRepository } from './AccountRepository';
import type { AuditLog } from './AuditLog';
import { clientAddress, readCookie, sessionCookie, setSecurityHeaders } from './http';
import type { SessionStore } from './SessionStore';
import type { StaffRole } from './staffTables';

export interface OidcDeps {
  server: Server;
  config: OidcConfig | undefined;
  cipher: FieldCipher;
  accounts: AccountRepository;
  sessions: SessionStore;
  audit: AuditLog;
  secureCookies: boolean;
  absoluteMs: number;
  logger: Logger;
}

const FLOW_COOKIE = 'camino_oidc';
/** How long a sign-in may take at the provider. */
const FLOW_MS = 10 * 60_000;
const PROVIDER_TIMEOUT_MS = 5000;

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  expires: number;
}

/** The role a member of these groups gets: admin wins over staff; none when no configured group matches. */
export function roleFromGroups(groups: readonly string[], config: Pick<OidcConfig, 'adminGroup' | 'staffGroup'>): StaffRole | undefined {
  if (config.adminGroup && groups.includes(config.adminGroup)) return 'admin';
  if (config.staffGroup && groups.includes(config.staffGroup)) return 'staff';
  return undefined;
}

function flowCookie(value: string, secure: boolean, maxAgeS: number): string {
  return [`${FLOW_COOKIE}=${value}`, 'Path=/staff/oidc', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeS}`, ...(secure ? ['Secure'] : [])].join('; ');
}

/** A short page for the browser (sign-in is a top-level navigation): the reason in plain words and a way back. */
function page(res: Response, status: number, reason: string): void {
  setSecurityHeaders(res);
  res.header('Content-Type', 'text/html; charset=utf-8');
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Camino staff</title><link rel="stylesheet" href="/staff/static/staff.css"></head><body><h1>Single sign-on</h1><p>${reason}</p><p><a href="/staff">Back to the sign-in page</a></p></body></html>`;
  res.sendRaw(status, body);
}

/**
 * Single sign-on with OpenID Connect (authorization code with PKCE, state and nonce). The provider is discovered on
 * first use, so a provider that is down at start-up does not stop the service; password sign-in keeps working.
 */
export function mountOidc(deps: OidcDeps): void {
  const { server, config, cipher, accounts, sessions, audit, logger } = deps;
  const secure = (req: Request) => deps.secureCookies || req.isSecure();
  let client: Promise<BaseClient> | undefined;
  custom.setHttpOptionsDefaults({ timeout: PROVIDER_TIMEOUT_MS });

  const getClient = (settings: OidcConfig): Promise<BaseClient> => {
    client ??= Issuer.discover(settings.issuer).then(
      (issuer) => new issuer.Client({ client_id: settings.clientId, client_secret: settings.clientSecret, redirect_uris: [settings.redirectUri], response_types: ['code'] }),
      (error: unknown) => {
        client = undefined;
        throw error;
      },
    );
    return client;
  };

  server.get('/staff/api/sso', async (_req: Request, res: Response) => {
    await Promise.resolve();
    setSecurityHeaders(res);
    res.send(200, config ? { enabled: true, label: config.label } : { enabled: false });
  });

  server.get('/staff/oidc/login', async (req: Request, res: Response) => {
    if (!config) return page(res, 404, 'Single sign-on is not set up for this service. Sign in with your email and password.');
    let oidc: BaseClient;
    try {
      oidc = await getClient(config);
    } catch (error) {
      logger.warn('the identity provider could not be reached', describeError(error));
      res.header('Retry-After', '60');
      return page(res, 503, 'The identity provider could not be reached. Try again in a minute, or sign in with your email and password.');
    }
    const flow: Flow = { state: generators.state(), nonce: generators.nonce(), verifier: generators.codeVerifier(), expires: Date.now() + FLOW_MS };
    const url = oidc.authorizationUrl({ scope: 'openid email profile', state: flow.state, nonce: flow.nonce, code_challenge: generators.codeChallenge(flow.verifier), code_challenge_method: 'S256' });
    res.header('Set-Cookie', flowCookie(cipher.encrypt(JSON.stringify(flow)), secure(req), FLOW_MS / 1000));
    res.header('Location', url);
    setSecurityHeaders(res);
    res.send(302);
  });

  server.get('/staff/oidc/callback', async (req: Request, res: Response) => {
    if (!config) return page(res, 404, 'Single sign-on is not set up for this service.');
    const address = clientAddress(req);
    // The flow cookie is single use: cleared whatever happens next.
    res.header('Set-Cookie', flowCookie('', secure(req), 0));
    const flow = readFlow(readCookie(req, FLOW_COOKIE), cipher);
    if (!flow) return page(res, 400, 'This sign-in was started too long ago or in another browser. Start again from the sign-in page.');
    const denied = async (reason: string, text: string, actor = 'anonymous', status = 403) => {
      await audit.record({ actor, action: 'login.sso.denied', target: actor === 'anonymous' ? null : actor, detail: { reason }, address });
      page(res, status, text);
    };
    let claims: Record<string, unknown>;
    try {
      const oidc = await getClient(config);
      const params = oidc.callbackParams(req.url ?? '');
      const tokens = await oidc.callback(config.redirectUri, params, { state: flow.state, nonce: flow.nonce, code_verifier: flow.verifier });
      claims = tokens.claims();
    } catch (error) {
      if (error instanceof errors.OPError) return denied(`provider:${error.error}`.slice(0, 80), 'The identity provider did not complete the sign-in. Start again from the sign-in page.', 'anonymous', 400);
      if (error instanceof errors.RPError) return denied('checks', 'The answer of the identity provider did not pass its checks. Start again from the sign-in page.', 'anonymous', 400);
      logger.warn('the identity provider could not complete a sign-in', describeError(error));
      return page(res, 502, 'The identity provider could not be reached to finish the sign-in. Try again in a minute.');
    }
    const email = typeof claims.email === 'string' ? claims.email : typeof claims.preferred_username === 'string' ? claims.preferred_username : undefined;
    const groupsClaim = claims[config.groupsClaim];
    const groups = Array.isArray(groupsClaim) ? groupsClaim.filter((g): g is string => typeof g === 'string') : [];
    const role = roleFromGroups(groups, config);
    if (!email) return denied('no email', 'The identity provider gave no email address for this account.');
    if (claims.email_verified === false) return denied('email not verified', 'The identity provider has not verified the email address of this account.');
    if (!role) return denied('no group', 'Your account is not in a group that may use the staff app. Ask an administrator to add you.');
    let result: Awaited<ReturnType<AccountRepository['fromSingleSignOn']>>;
    try {
      // Two first sign-ins of one person at once: the second finds the account the first made.
      result = await accounts.fromSingleSignOn(email, role, address).catch(() => accounts.fromSingleSignOn(email, role, address));
    } catch (error) {
      if (error instanceof Error && error.name === 'AccountError') return denied('bad email', 'The identity provider gave no valid email address for this account.');
      throw error;
    }
    if ('disabled' in result) return denied('disabled', 'This staff account is disabled. Ask an administrator.', result.id);
    const created = await sessions.create(result.account.id, address);
    await audit.record({ actor: result.account.id, action: 'login', target: result.account.id, detail: { method: 'oidc' }, address });
    // restify appends a second Set-Cookie to the flow cookie's removal set above.
    res.header('Set-Cookie', sessionCookie(created.token, { secure: secure(req), maxAgeS: Math.floor(deps.absoluteMs / 1000) }));
    res.header('Location', '/staff');
    setSecurityHeaders(res);
    res.send(302);
  });
}

function readFlow(value: string | undefined, cipher: FieldCipher): Flow | undefined {
  if (!value) return undefined;
  try {
    const flow = JSON.parse(cipher.decrypt(value)) as Partial<Flow>;
    if (typeof flow.state !== 'string' || typeof flow.nonce !== 'string' || typeof flow.verifier !== 'string' || typeof flow.expires !== 'number') return undefined;
    return flow.expires > Date.now() ? (flow as Flow) : undefined;
  } catch {
    return undefined;
  }
}
