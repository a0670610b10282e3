import fs from 'node:fs';
import path from 'node:path';
import { loadDirectLineSecret, SECRET_FILE } from '../../../src/channels/directline/loadDirectLineSecret';
import { makeTempDir } from '../../helpers/testRuntime';

describe('loadDirectLineSecret', () => {
  it('uses the configured secret and writes nothing', () => {
    const dir = makeTempDir();
    expect(loadDirectLineSecret('configured-secret-configured-secret-1', dir)).toEqual({ secret: 'configured-secret-configured-secret-1', generated: false });
    expect(fs.existsSync(path.join(dir, SECRET_FILE))).toBe(false);
  });

  it('generates a development secret once, readable by the owner only, and reuses it after a restart', () => {
    const dir = path.join(makeTempDir(), 'not-yet-there');
    const first = loadDirectLineSecret(undefined, dir);
    expect(first.generated).toBe(true);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(fs.statSync(path.join(dir, SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(loadDirectLineSecret(undefined, dir).secret).toBe(first.secret);
  });
});
