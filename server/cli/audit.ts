import { loadConfig, ConfigError } from '../config.ts';
import { newRequestId } from '../audit/log.ts';
import { verifyAnswer, verifyConfigured } from '../audit/verify.ts';
import { exportChunks } from '../audit/export.ts';
import { auditFilter } from '../audit/filter.ts';
import { createAuditStore } from '../audit/store/index.ts';
import { openConfiguredEngine } from '../storage/open.ts';

/**
 * `npm run audit -- verify`                       prints the result (checked against the key and the
 *                                                 witness, AUDIT_WITNESS_PATH); exit 1 when the log does not verify
 * `npm run audit -- export --format csv|json [--filter '{"customerId":"..."}'] > file`
 *
 * Both are audit entries themselves (actor "system", request {via: "cli"}), like their API twins.
 * The CLI never creates a signing key: a missing key fails verification instead of replacing it.
 */
const USAGE = 'usage: npm run audit -- verify\n       npm run audit -- export --format csv|json [--filter JSON] > file';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  const config = loadConfig();
  const { engine, close } = await openConfiguredEngine(config, { applicationName: 'subdesk audit cli' });
  const { audit } = engine;
  const store = createAuditStore(engine);
  const origin = { requestId: newRequestId(), actor: { type: 'system' as const }, userAgent: 'subdesk-cli' };
  try {
    if (command === 'verify') {
      const result = await verifyConfigured(store, config);
      await audit.append({
        ...origin,
        action: 'audit.verify',
        outcome: 'succeeded',
        target: { type: 'audit-log', id: 'verify' },
        request: { via: 'cli' },
        after: result,
      });
      console.log(JSON.stringify(verifyAnswer(result), null, 2));
      return result.ok ? 0 : 1;
    }
    if (command === 'export') {
      const format = option(args, 'format') ?? 'csv';
      if (format !== 'csv' && format !== 'json') throw new ConfigError(`--format must be csv or json\n${USAGE}`);
      const parsed = auditFilter.safeParse(JSON.parse(option(args, 'filter') ?? '{}'));
      if (!parsed.success) throw new ConfigError(`--filter: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      const upToSeq = await store.lastSeq();
      await audit.append({
        ...origin,
        action: 'audit.export',
        outcome: 'succeeded',
        target: { type: 'audit-log', id: 'export' },
        request: { via: 'cli', format, filter: parsed.data },
        after: { upToSeq },
      });
      for await (const chunk of exportChunks(store.exportBatches(parsed.data, upToSeq), format)) {
        // Respect the pipe's backpressure: constant memory even when stdout is slow.
        if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
      }
      return 0;
    }
    console.error(USAGE);
    return 2;
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(2);
  },
);
