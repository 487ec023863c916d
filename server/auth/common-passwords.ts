import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let list: Set<string> | undefined;

/** The shipped list (common-passwords.txt, ~49,000 entries), read once on first use. */
function commonPasswords(): Set<string> {
  if (!list) {
    const text = readFileSync(fileURLToPath(new URL('./common-passwords.txt', import.meta.url)), 'utf8');
    list = new Set(text.split('\n').filter((l) => l && !l.startsWith('#')));
  }
  return list;
}

const SEQUENCES = [
  '0123456789012345678901234567890',
  'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnmqwertyuiop',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
];

/** True when the password is made of one short chunk repeated (`abcabcabcabc`, `111111111111`). */
function isRepetition(p: string): boolean {
  for (let unit = 1; unit <= 4; unit++) {
    if (p.length % unit === 0 && p.length > unit && p === p.slice(0, unit).repeat(p.length / unit)) return true;
  }
  return false;
}

function isSequence(p: string): boolean {
  const reversed = [...p].reverse().join('');
  return SEQUENCES.some((s) => s.includes(p) || s.includes(reversed));
}

/**
 * True for a password on the common list, and for the obvious ways people stretch one to the
 * minimum length: digits or symbols around it (`monkey123456!`), doubling it (`dragondragon`),
 * repeating a short chunk, or running along the keyboard or the alphabet.
 */
export function isCommonPassword(password: string): boolean {
  const set = commonPasswords();
  const p = password.toLowerCase();
  if (set.has(p) || isRepetition(p) || isSequence(p)) return true;
  const core = p.replace(/^[^a-z]+/, '').replace(/[^a-z]+$/, '');
  if (core && core !== p && (set.has(core) || isRepetition(core) || isSequence(core))) return true;
  const half = p.length / 2;
  if (Number.isInteger(half) && p.slice(0, half) === p.slice(half) && set.has(p.slice(0, half))) return true;
  return false;
}
