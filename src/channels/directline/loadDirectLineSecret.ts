import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SECRET_FILE = 'directline.secret';

/** The configured secret, or a development one generated once into the data folder and reused after. */
export function loadDirectLineSecret(configured: string | undefined, dataDir: string): { secret: string; generated: boolean } {
  if (configured) return { secret: configured, generated: false };
  const file = path.join(dataDir, SECRET_FILE);
  if (fs.existsSync(file)) return { secret: fs.readFileSync(file, 'utf8').trim(), generated: true };
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, generated: true };
}
