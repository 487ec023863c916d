import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt at OWASP's recommended cost (N=2^17, r=8, p=1: 128 MiB, ~0.3 s).
 * The parameters are stored with the hash (`scrypt$N$r$p$salt$hash`, base64) so the cost can be
 * raised later without breaking existing hashes: `needsRehash` tells the login to upgrade them.
 */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Longest password we hash: longer input only costs CPU, it adds nothing to a 12+ character secret. */
export const MAX_PASSWORD_LENGTH = 256;

type Params = { N: number; r: number; p: number };

/**
 * Node's default maxmem is 32 MiB and scrypt needs about 128·N·r bytes, so raise it (with headroom).
 * The async form runs on libuv's thread pool: a sign-in never blocks the event loop.
 */
function derive(password: string, salt: Buffer, params: Params, keyLen: number): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, keyLen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string, params: Params = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

type Parsed = Params & { salt: Buffer; key: Buffer };

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Refuse absurd parameters read from the database rather than letting them exhaust memory.
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

let dummy: Promise<Parsed> | undefined;
/** A real hash of a random secret: checking an unknown e-mail costs exactly what checking a real one does. */
function dummyHash(): Promise<Parsed> {
  dummy ??= hashPassword(randomBytes(24).toString('base64')).then((h) => parse(h)!);
  return dummy;
}

/**
 * True when `password` matches `stored`. Pass `null` for an unknown account: a dummy hash is
 * checked instead, so the answer takes the same time. The comparison is constant-time.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  const parsed = stored ? parse(stored) : null;
  const target = parsed ?? (await dummyHash());
  const candidate = await derive(password.slice(0, MAX_PASSWORD_LENGTH), target.salt, target, target.key.length);
  const same = timingSafeEqual(candidate, target.key);
  return same && parsed !== null;
}

/** True when a stored hash uses weaker parameters than today's: re-hash it at the next sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.N < SCRYPT_PARAMS.N || parsed.r < SCRYPT_PARAMS.r || parsed.p < SCRYPT_PARAMS.p;
}

/** Warms the dummy hash at start-up so the first unknown-e-mail sign-in is not faster than others. */
export function prepareDummyHash(): Promise<unknown> {
  return dummyHash();
}
