/**
 * Postal code formats for the countries the sandbox seeds and a European shop ships to. The
 * patterns follow Google's address metadata (libaddressinput, the `zip` and `zipex` keys of
 * chromium-i18n.appspot.com/ssl-address/data/<CC>), simplified where that data lists every valid
 * prefix (GB); matching ignores case and the space or dash a person may leave out is optional
 * only where the format itself allows it. Countries not listed get a permissive check (letters,
 * digits, spaces and dashes): refusing a real address is worse than letting an odd one through.
 */
type Format = { pattern: RegExp; example: string };

const FORMATS: Record<string, Format> = {
  AT: { pattern: /^\d{4}$/, example: '1010' },
  BE: { pattern: /^\d{4}$/, example: '1000' },
  BG: { pattern: /^\d{4}$/, example: '1000' },
  CA: { pattern: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/, example: 'H3Z 2Y7' },
  CH: { pattern: /^\d{4}$/, example: '8001' },
  CY: { pattern: /^\d{4}$/, example: '1010' },
  CZ: { pattern: /^\d{3} ?\d{2}$/, example: '100 00' },
  DE: { pattern: /^\d{5}$/, example: '10115' },
  DK: { pattern: /^\d{4}$/, example: '1050' },
  EE: { pattern: /^\d{5}$/, example: '10111' },
  ES: { pattern: /^\d{5}$/, example: '28001' },
  FI: { pattern: /^\d{5}$/, example: '00100' },
  FR: { pattern: /^\d{2} ?\d{3}$/, example: '75001' },
  GB: { pattern: /^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/, example: 'SW1A 1AA' },
  GR: { pattern: /^\d{3} ?\d{2}$/, example: '105 57' },
  HR: { pattern: /^\d{5}$/, example: '10000' },
  HU: { pattern: /^\d{4}$/, example: '1051' },
  IE: { pattern: /^[\dA-Z]{3} ?[\dA-Z]{4}$/, example: 'D02 X285' },
  IS: { pattern: /^\d{3}$/, example: '101' },
  IT: { pattern: /^\d{5}$/, example: '00144' },
  LT: { pattern: /^(LT-)?\d{5}$/, example: 'LT-01100' },
  LU: { pattern: /^(L-)?\d{4}$/, example: '1111' },
  LV: { pattern: /^LV-\d{4}$/, example: 'LV-1010' },
  MT: { pattern: /^[A-Z]{3} ?\d{2,4}$/, example: 'VLT 1117' },
  NL: { pattern: /^\d{4} ?[A-Z]{2}$/, example: '1012 AB' },
  NO: { pattern: /^\d{4}$/, example: '0150' },
  PL: { pattern: /^\d{2}-\d{3}$/, example: '00-950' },
  PT: { pattern: /^\d{4}-\d{3}$/, example: '1000-001' },
  RO: { pattern: /^\d{6}$/, example: '010011' },
  SE: { pattern: /^\d{3} ?\d{2}$/, example: '114 55' },
  SI: { pattern: /^\d{4}$/, example: '1000' },
  SK: { pattern: /^\d{3} ?\d{2}$/, example: '811 01' },
  US: { pattern: /^\d{5}(-\d{4})?$/, example: '10001' },
};

const PERMISSIVE = /^[A-Z\d][A-Z\d -]{1,10}$/;

/** Postal codes are compared in capitals with single spaces: `sw1a  1aa` is `SW1A 1AA`. */
export const tidyPostalCode = (code: string) => code.trim().replace(/\s+/g, ' ').toUpperCase();

/** Whether `code` is a postal code of `country` (ISO 3166-1 alpha-2); the example to show when not. */
export function checkPostalCode(country: string, code: string): { ok: true } | { ok: false; example: string | null } {
  const format = FORMATS[country.toUpperCase()];
  const tidy = tidyPostalCode(code);
  if (!format) return PERMISSIVE.test(tidy) ? { ok: true } : { ok: false, example: null };
  return format.pattern.test(tidy) ? { ok: true } : { ok: false, example: format.example };
}
