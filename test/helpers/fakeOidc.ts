import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from './freePort';
import { startApp, type RunningApp } from './httpApp';

/** Who the fake provider signs in when the browser arrives at its authorization endpoint. */
export interface FakeUser {
  sub: string;
  email?: string;
  groups?: string[];
  emailVerified?: boolean;
}

/** Changes to the next ID token, to see that the service refuses it. */
export interface Tampering {
  nonce?: string;
  audience?: string;
  /** Signs with another key than the one published. */
  foreignKey?: boolean;
  /** Answers the authorization request with this OAuth error instead of a code. */
  error?: string;
}

export interface FakeOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The user the next sign-ins are for. */
  user: FakeUser;
  tamper: Tampering;
  /** Authorization requests received (their query parameters). */
  authorizations: URLSearchParams[];
  close(): Promise<void>;
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/** A local OpenID Connect provider: discovery, JWKS, an authorization endpoint that signs the configured user in at once, and a token endpoint that checks PKCE. */
export async function startFakeOidc(): Promise<FakeOidc> {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key-1';
  const codes = new Map<string, { nonce: string; challenge: string; redirectUri: string; user: FakeUser }>();
  const clientId = 'camino-staff';
  const clientSecret = randomBytes(16).toString('hex');
  let issuer = '';

  const idToken = (user: FakeUser, nonce: string, key: KeyObject, audience: string): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const payload = b64url(JSON.stringify({ iss: issuer, sub: user.sub, aud: audience, iat: now, exp: now + 300, nonce, email: user.email, email_verified: user.emailVerified, groups: user.groups }));
    return `${header}.${payload}.${b64url(sign('sha256', Buffer.from(`${header}.${payload}`), key))}`;
  };

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const fake: FakeOidc = {
    issuer: '',
    clientId,
    clientSecret,
    user: { sub: 'user-1', email: 'person@example.org', groups: [] },
    tamper: {},
    authorizations: [],
    close: () => Promise.resolve(),
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(res, 200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          code_challenge_methods_supported: ['S256'],
        });
      }
      if (url.pathname === '/jwks') return json(res, 200, { keys: [{ ...keys.publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
      if (url.pathname === '/authorize') {
        fake.authorizations.push(url.searchParams);
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        if (fake.tamper.error) {
          back.searchParams.set('error', fake.tamper.error);
        } else {
          const code = randomBytes(12).toString('hex');
          codes.set(code, { nonce: url.searchParams.get('nonce') ?? '', challenge: url.searchParams.get('code_challenge') ?? '', redirectUri: back.origin + back.pathname, user: { ...fake.user } });
          back.searchParams.set('code', code);
        }
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
        const [id, secret] = basic.includes(':') ? basic.split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
        if (id !== clientId || secret !== clientSecret) return json(res, 401, { error: 'invalid_client' });
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!grant) return json(res, 400, { error: 'invalid_grant', error_description: 'unknown or used code' });
        const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
        if (challenge !== grant.challenge) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
        if (form.get('redirect_uri') !== grant.redirectUri) return json(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' });
        const key = fake.tamper.foreignKey ? foreign.privateKey : keys.privateKey;
        return json(res, 200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: idToken(grant.user, fake.tamper.nonce ?? grant.nonce, key, fake.tamper.audience ?? clientId) });
      }
      json(res, 404, { error: 'not_found' });
    });
  };

  const server = http.createServer(handler);
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.issuer = issuer;
  fake.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return fake;
}

/** The service on a port known in advance (the provider redirects back to it), with single sign-on through `fake`. */
export async function startAppWithOidc(fake: FakeOidc, groups: { OIDC_ADMIN_GROUP?: string; OIDC_STAFF_GROUP?: string }): Promise<RunningApp> {
  const port = await freePort();
  return startApp({
    PORT: String(port),
    OIDC_ISSUER: fake.issuer,
    OIDC_CLIENT_ID: fake.clientId,
    OIDC_CLIENT_SECRET: fake.clientSecret,
    OIDC_REDIRECT_URI: `http://127.0.0.1:${port}/staff/oidc/callback`,
    OIDC_LABEL: 'Microsoft',
    ...groups,
  });
}
