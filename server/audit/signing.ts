import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { canonicalJson } from './canonical.ts';

/**
 * The Ed25519 key that signs audit checkpoints. It lives in a file outside the database, so
 * someone who can rewrite the database file (and recompute the whole hash chain) still cannot
 * produce a checkpoint that matches their rewrite.
 */
export type AuditSigner = { keyId: string; privateKey: KeyObject; publicKey: KeyObject };
export type AuditVerifier = { keyId: string; publicKey: KeyObject };

/** `ed25519:` + SHA-256 of the public key's DER (SPKI), hex: names the key in every checkpoint. */
export function keyIdOf(publicKey: KeyObject): string {
  return `ed25519:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 32)}`;
}

function signerFromPem(pem: string): AuditSigner {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The audit signing key must be an Ed25519 private key (PEM, PKCS#8).');
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

/**
 * Reads the signing key, or generates one on first start: directory created (0700), file written
 * with mode 0600 and `wx` so two processes starting at once cannot overwrite each other's key.
 */
export function loadOrCreateSigningKey(path: string): AuditSigner {
  const file = resolve(path);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    try {
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  } else if ((statSync(file).mode & 0o077) !== 0) {
    // A key readable by others is as good as published; tighten it rather than refuse to start.
    chmodSync(file, 0o600);
  }
  return signerFromPem(readFileSync(file, 'utf8'));
}

/** For verification only: never creates a key (a missing key must fail verification, not replace it). */
export function loadVerifier(path: string): AuditVerifier {
  const file = resolve(path);
  if (!existsSync(file)) throw new Error(`The audit signing key is missing at ${file}; checkpoints cannot be verified.`);
  const { keyId, publicKey } = signerFromPem(readFileSync(file, 'utf8'));
  return { keyId, publicKey };
}

/**
 * What a checkpoint signs. `prevSeq` (the previous checkpoint's seq, 0 for the first) chains the
 * checkpoints themselves, so deleting one from the middle breaks its successor's signature.
 */
export type CheckpointBody = { seq: number; hash: string; time: string; keyId: string; prevSeq: number };

export function checkpointPayload(body: CheckpointBody): Buffer {
  return Buffer.from(canonicalJson({ v: 1, ...body }), 'utf8');
}

export function signCheckpoint(signer: AuditSigner, body: CheckpointBody): string {
  return sign(null, checkpointPayload(body), signer.privateKey).toString('base64');
}

export function checkpointSignatureValid(verifier: AuditVerifier, body: CheckpointBody, signature: string): boolean {
  try {
    return verify(null, checkpointPayload(body), verifier.publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
