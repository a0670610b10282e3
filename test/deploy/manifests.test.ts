import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { findProjectRoot } from '../../src/util/findProjectRoot';

const root = findProjectRoot(__dirname);
const read = (file: string) => fs.readFileSync(path.join(root, 'deploy', file), 'utf8');

/** The variables the README's configuration table documents: a deployment file may set only these. */
const documented = new Set([...fs.readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/^\| `([A-Za-z_]+)` \|/gm)].map((m) => m[1]));
/** Settings read by the hosting platform, not by Camino. */
const PLATFORM = new Set(['WEBSITES_PORT', 'SCM_DO_BUILD_DURING_DEPLOYMENT', 'POSTGRES_PASSWORD', 'POSTGRES_DB', 'POSTGRES_USER']);
const REQUIRED_IN_PRODUCTION = ['DATA_ENCRYPTION_KEY', 'DIRECTLINE_SECRET'];

type K8sDoc = { kind: string; metadata: { name: string }; spec: Record<string, unknown>; stringData?: Record<string, string> };

describe('deploy/Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('builds in one stage and runs in a second one on Node 20, as a non-root user, with a health check', () => {
    expect(stages).toHaveLength(2);
    for (const stage of stages) expect(stage).toMatch(/^node:20-[a-z0-9-]+ AS /);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\/healthz/ms);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(stages[0]).toMatch(/npm prune --omit=dev/);
  });

  it('copies into the image only what exists here, and all the runtime needs', () => {
    const fromContext = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)].flatMap((m) => m[1].split(' '));
    for (const source of fromContext) expect(fs.existsSync(path.join(root, source))).toBe(true);
    const ignore = read('Dockerfile.dockerignore');
    for (const source of fromContext) expect(ignore).toContain(`!${source}`);
    for (const needed of ['node_modules', 'dist', 'package.json', 'dialogs', 'locales', 'public']) expect(runtime).toMatch(new RegExp(`^COPY .*\\b${needed}\\b`, 'm'));
  });
});

describe('deploy/compose.yaml', () => {
  const compose = parse(read('compose.yaml')) as { services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; read_only?: boolean }> };

  it('runs Camino in production on PostgreSQL, after the database is healthy, on a read-only root', () => {
    const camino = compose.services.camino;
    expect(camino.environment?.NODE_ENV).toBe('production');
    expect(camino.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(camino.depends_on?.postgres.condition).toBe('service_healthy');
    expect(camino.read_only).toBe(true);
    for (const name of REQUIRED_IN_PRODUCTION) expect(camino.environment?.[name]).toMatch(/:\?/);
  });

  it('sets only documented variables, and .env.example lists every one it reads', () => {
    const names = Object.keys(compose.services.camino.environment ?? {});
    expect(names.filter((n) => !documented.has(n))).toEqual([]);
    const example = read('.env.example');
    const referenced = [...read('compose.yaml').matchAll(/\$\{([A-Za-z_]+)/g)].map((m) => m[1]);
    for (const name of new Set(referenced)) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});

describe('deploy/k8s', () => {
  const docs = parseAllDocuments(read('k8s/camino.yaml')).map((d) => d.toJS() as K8sDoc);
  const byKind = (kind: string) => docs.find((d) => d.kind === kind) as K8sDoc;
  const deployment = byKind('Deployment').spec as {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: { spec: { containers: Array<Record<string, any>>; securityContext: { runAsNonRoot: boolean } } }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const container = deployment.template.spec.containers[0];

  it('runs several replicas with readiness on /readyz and liveness on /healthz', () => {
    expect(deployment.replicas).toBeGreaterThanOrEqual(2);
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(deployment.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('keeps some pods through disruptions, and the budget and Service select the Deployment', () => {
    const pdb = byKind('PodDisruptionBudget').spec as { minAvailable: number; selector: { matchLabels: Record<string, string> } };
    expect(pdb.minAvailable).toBeLessThan(deployment.replicas);
    expect(pdb.selector.matchLabels).toEqual(deployment.selector.matchLabels);
    expect((byKind('Service').spec as { selector: Record<string, string> }).selector).toEqual(deployment.selector.matchLabels);
  });

  it('has a Secret example holding the production keys and the database, with documented names only', () => {
    const secret = parse(read('k8s/secret.example.yaml')) as K8sDoc;
    expect(container.envFrom[0].secretRef.name).toBe(secret.metadata.name);
    const names = Object.keys(secret.stringData ?? {});
    for (const name of [...REQUIRED_IN_PRODUCTION, 'DATABASE_URL']) expect(names).toContain(name);
    expect(names.filter((n) => !documented.has(n))).toEqual([]);
  });
});

describe('deploy/azure/main.bicep', () => {
  const bicep = read('azure/main.bicep');

  it('gives the app only documented settings, secrets through Key Vault references that exist', () => {
    const settings = [...bicep.matchAll(/\{ name: '([A-Za-z_]+)', value: /g)].map((m) => m[1]);
    expect(settings.filter((n) => !documented.has(n) && !PLATFORM.has(n))).toEqual([]);
    for (const name of [...REQUIRED_IN_PRODUCTION, 'DATABASE_URL']) expect(bicep).toMatch(new RegExp(`name: '${name}', value: '@Microsoft.KeyVault\\(`));
    const referenced = [...bicep.matchAll(/\$\{keyVaultRef\}([a-z-]+)\)/g)].map((m) => m[1]);
    const stored = [...bicep.slice(bicep.indexOf('var secrets = {')).matchAll(/^ {2}'([a-z-]+)':/gm)].map((m) => m[1]);
    expect(new Set(referenced)).toEqual(new Set(stored));
  });

  it('has balanced braces and brackets, and declares every parameter it uses', () => {
    const code = bicep
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/'(?:[^'\\]|\\.)*'/g, "''")
      .replace(/\/\/.*$/gm, '');
    for (const [open, close] of [['{', '}'], ['[', ']'], ['(', ')']]) expect(code.split(open).length).toBe(code.split(close).length);
    const params = [...bicep.matchAll(/^param (\w+) /gm)].map((m) => m[1]);
    for (const param of params) expect(bicep.split(new RegExp(`\\b${param}\\b`)).length).toBeGreaterThan(2);
  });
});
