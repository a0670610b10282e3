import path from 'node:path';
import { SQLITE_FILE } from '../app/createApp';
import { ConfigError, loadConfig } from '../config/loadConfig';
import { AccountError, AccountRepository } from '../staff/AccountRepository';
import { AuditLog } from '../staff/AuditLog';
import { generatePassword } from '../staff/passwords';
import { STAFF_ROLES, type StaffRole } from '../staff/staffTables';
import { openDatabase } from '../store/openDatabase';

const USAGE = `usage:
  npm run staff -- add --email E --role staff|admin [--password-stdin]
  npm run staff -- list`;

export interface AddArgs {
  command: 'add';
  email: string;
  role: StaffRole;
  passwordStdin: boolean;
}

export type StaffArgs = AddArgs | { command: 'list' };

/** Parses the command line; throws with the usage text when it is wrong. */
export function parseStaffArgs(argv: readonly string[]): StaffArgs {
  const [command, ...rest] = argv;
  if (command === 'list' && rest.length === 0) return { command: 'list' };
  if (command !== 'add') throw new Error(USAGE);
  let email: string | undefined;
  let role: string | undefined;
  let passwordStdin = false;
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i];
    if (arg === '--email') email = rest[++i];
    else if (arg === '--role') role = rest[++i];
    else if (arg === '--password-stdin') passwordStdin = true;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!email) throw new Error(`--email is required\n${USAGE}`);
  if (!role || !(STAFF_ROLES as readonly string[]).includes(role)) throw new Error(`--role must be staff or admin\n${USAGE}`);
  return { command: 'add', email, role: role as StaffRole, passwordStdin };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(): Promise<number> {
  let args: StaffArgs;
  try {
    args = parseStaffArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  const database = await openDatabase({ engine: 'sqlite', file: path.join(config.dataDir, SQLITE_FILE) });
  try {
    const accounts = new AccountRepository(database, new AuditLog(database));
    if (args.command === 'list') {
      for (const account of await accounts.list()) process.stdout.write(`${account.email}\t${account.role}${account.disabled ? '\tdisabled' : ''}\n`);
      return 0;
    }
    const password = args.passwordStdin ? await readStdin() : generatePassword();
    const account = await accounts.create({ email: args.email, role: args.role, password, oneTime: !args.passwordStdin }, { id: 'cli', address: null });
    process.stdout.write(`Created ${account.role} account ${account.email}.\n`);
    if (!args.passwordStdin) process.stdout.write(`One-time password (shown once; it must be changed at the first sign-in): ${password}\n`);
    return 0;
  } catch (error) {
    if (error instanceof AccountError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
