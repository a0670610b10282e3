import fs from 'node:fs';
import path from 'node:path';

/** The folder holding package.json above `start`: the same answer from src/ and from the compiled dist/src/. */
export function findProjectRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'dialogs'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no project root (package.json and dialogs/) above ${start}`);
    dir = parent;
  }
}
