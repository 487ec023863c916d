import { loadConfig, ConfigError } from '../config.ts';
import { newRequestId } from '../audit/log.ts';
import { openConfiguredEngine } from '../storage/open.ts';
import { ROLES, type Role } from '../vocabulary/roles.ts';
import { AppError } from '../http/errors.ts';
import { createAuthServices } from '../auth/services.ts';
import { passwordProblem } from '../auth/password-policy.ts';
import { commandLine } from './args.ts';

/**
 * `npm run staff -- create --email E --role R [--password-stdin]`, `npm run staff -- list`, and
 * `npm run staff -- reset-second-factors --email E` (the way back for an admin who lost their
 * passkey or phone and their recovery codes, when no other admin can reset them from the Staff page).
 * This is how a real deployment gets its first admin (there are no default accounts). Without
 * --password-stdin a one-time password is printed and must be replaced at first sign-in; with it,
 * the password read from standard input is the operator's own choice and is kept.
 */
const USAGE = `Usage:
  npm run staff -- create --email E --role ${ROLES.join('|')} [--password-stdin]
  npm run staff -- list
  npm run staff -- reset-second-factors --email E`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // Only the line ending is dropped: other spaces are part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function main() {
  const { positionals, values } = commandLine({
    allowPositionals: true,
    options: { email: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0];
  if (values.help || !command) fail(USAGE, command ? 0 : 2);

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const clock = () => new Date();
  const { engine, close } = await openConfiguredEngine(config, { applicationName: 'subdesk staff cli', clock });
  const deps = { config, engine, clock, audit: engine.audit };
  const { staff } = createAuthServices(deps);

  if (command === 'list') {
    const { rows } = await staff.list({ sort: { field: 'email', order: 'ASC' }, start: 0, limit: 10_000, filter: {} });
    if (!rows.length) console.log('No staff members yet.');
    for (const r of rows) {
      console.log(
        [
          String(r.id).padStart(4),
          r.role.padEnd(12),
          r.email.padEnd(40),
          r.disabled ? 'disabled' : 'active  ',
          r.lastSeenAt ? `last seen ${r.lastSeenAt}` : 'never signed in',
        ].join('  '),
      );
    }
    return;
  }
  if (command === 'reset-second-factors') {
    const member = values.email ? await staff.findByEmail(values.email) : undefined;
    if (!member) fail(`No staff member has the e-mail address ${values.email ?? '(none given)'}.\n${USAGE}`, 2);
    const { factorsRemoved } = await staff.resetSecondFactors(member.id, { requestId: newRequestId(), actor: { type: 'system' } });
    console.log(`Removed ${factorsRemoved} second factor${factorsRemoved === 1 ? '' : 's'} and the recovery codes of ${member.email}; their sessions ended.`);
    if ((await staff.get(member.id)).secondFactorRequired) console.log('They add a passkey or an authenticator app at their next sign-in.');
    await close();
    return;
  }
  if (command !== 'create') fail(`Unknown command "${command}".\n${USAGE}`, 2);

  const email = values.email?.trim().toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+$/.test(email)) fail(`--email must be an e-mail address.\n${USAGE}`, 2);
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}.\n${USAGE}`, 2);

  let password: string | undefined;
  if (values['password-stdin']) {
    password = await readStdin();
    const problem = passwordProblem(password, { email });
    if (problem) fail(`The password on standard input ${problem}.`);
  }
  try {
    const { record, oneTimePassword } = await staff.create(
      { email, role, password, mustChangePassword: password === undefined },
      { requestId: newRequestId(), actor: { type: 'system' } },
    );
    console.log(`Created ${record.role} ${record.email} (id ${record.id}).`);
    if (oneTimePassword) {
      console.log(`One-time password (shown only now): ${oneTimePassword}`);
      console.log('They sign in with it within 72 hours and must then choose their own password.');
    }
  } catch (err) {
    if (err instanceof AppError) fail(err.message);
    throw err;
  } finally {
    await close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
