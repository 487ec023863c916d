import { witnessSummary, type VerifyResult } from './chain-walk.ts';
import { loadVerifier } from './signing.ts';
import { readWitness } from './witness.ts';
import type { AuditStore } from './store/types.ts';
import type { Config } from '../config.ts';

/**
 * The verification the API and `npm run audit -- verify` run, on either engine: the configured key
 * and witness (the witness read first, so it names nothing the snapshot cannot have). A missing key
 * is a failed verification, never a new key.
 */
export async function verifyConfigured(
  store: AuditStore,
  config: Pick<Config, 'auditSigningKeyPath' | 'auditWitnessPath' | 'AUDIT_WITNESS_SYSLOG'>,
): Promise<VerifyResult> {
  const witness = readWitness(config.auditWitnessPath, config.AUDIT_WITNESS_SYSLOG);
  try {
    return await store.verify(loadVerifier(config.auditSigningKeyPath), { witness });
  } catch (err) {
    return { ok: false, checked: 0, firstBad: null, reason: (err as Error).message, upToSeq: 0, checkpoints: 0, witness: witnessSummary(witness) };
  }
}

/** The answer of POST /api/audit-events/verify and of the CLI: the documented four fields, and what else was checked. */
export function verifyAnswer(r: VerifyResult) {
  return { ok: r.ok, checked: r.checked, firstBad: r.firstBad, reason: r.reason, upToSeq: r.upToSeq, checkpoints: r.checkpoints, witness: r.witness };
}
