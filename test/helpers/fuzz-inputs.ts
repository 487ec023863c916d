import fc from 'fast-check';
import { MAX_BODY_BYTES as MAX_BODY } from '../../server/http/body-limit.ts';

/**
 * Hostile inputs for the API fuzzer, as fast-check arbitraries. Everything here is built so that a
 * case can never be a valid request against a real record: path ids are outside every id space the
 * seed uses, and bodies built from the valid templates always carry one mutation. A success answer
 * is allowed (a harmless query can be valid), a write never is.
 */

/** Injection and confusion strings that reach parsers, SQL, FTS5, HTML and the audit JSON. */
export const NASTY_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE audit_events; --",
  '" OR ""="',
  '1; DELETE FROM staff',
  "admin'--",
  '%',
  '_',
  '\\',
  '%_%',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '__proto__',
  'constructor',
  '"',
  '""',
  '*',
  'NEAR(a b)',
  'a OR b AND NOT c',
  '^',
  '-',
  '"unterminated',
  '(',
  ')',
  'col:value',
  '\u0000',
  '\u0000\u0001\u001f\u007f',
  '\r\n\r\nX-Injected: 1',
  '\u202e\u202d',
  '\ud800',
  '\udfff',
  '🦄🏳️‍🌈',
  'Z̸̧̢͚̈́a̵l̷g̴o̸',
  '\ufeff',
  'ﷺ',
  '０１２',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  'null',
  'undefined',
  'NaN',
  'true',
  '[]',
  '{}',
  '-0',
  '1e309',
  '0x10',
  ' ',
  '',
];

/** Numbers that break naive parsers and range checks. */
const NASTY_NUMBERS = [0, -1, -0, 0.5, 1e21, -1e21, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER - 2, 1.7976931348623157e308, 5e-324, 2 ** 31, 2 ** 53];

/** Field names the routes know, plus names that confuse object handling. */
export const FIELD_NAMES = [
  'email',
  'password',
  'currentPassword',
  'newPassword',
  'role',
  'disabled',
  'status',
  'reason',
  'code',
  'text',
  'quantity',
  'planId',
  'customerId',
  'clientRequestId',
  'intent',
  'type',
  'plan',
  'subscription',
  'addons',
  'firstName',
  'lastName',
  'address1',
  'address2',
  'zipCode',
  'city',
  'phoneNumber',
  'country',
  'id',
  'q',
  'system',
  'hasActive',
  'format',
  'filter',
  'sort',
  'range',
  '__proto__',
  'constructor',
  'prototype',
  '',
  ' ',
  'a.b',
  '$where',
  'toString',
];

const controlChars = fc.string({ unit: fc.integer({ min: 0, max: 31 }).map((n) => String.fromCharCode(n)), minLength: 1, maxLength: 20 });

/** A hostile scalar or small structure, as a value inside a JSON body or a filter. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(...NASTY_NUMBERS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  controlChars,
  fc.integer({ min: 1, max: 20 }).map((k) => 'x'.repeat(k * 1000)),
  fc.constantFrom(null, true, false, [], {}),
  fc.array(fc.constantFrom(...NASTY_STRINGS), { maxLength: 5 }),
  fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.constantFrom(...NASTY_STRINGS), { maxKeys: 3 }),
);

/**
 * Ids that look plausible but name nothing: far above every seeded id, wrong prefixes, injection,
 * unicode. Never a small number (staff 1 or Centra subscription 1 exist) and never a well-formed
 * subdesk/Gigs id.
 */
export const hostilePathValue = fc.oneof(
  fc.constantFrom(
    '999999999999',
    '999999999999999',
    '0',
    '-1',
    '1.5',
    '1e3',
    '9'.repeat(40),
    'cus_',
    'cus_AAAAAAAAAAAAAAAAAAAA',
    'sub_',
    'csn_',
    'pln_x',
    "1' OR '1'='1",
    '1;DROP TABLE staff',
    '<script>',
    '%',
    '..',
    '.',
    '😀',
    '\u0000',
    ' ',
    'null',
    'undefined',
    'NaN',
    '[]',
    '{}',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
  fc.integer({ min: 1, max: 40 }).map((k) => 'z'.repeat(k * 100)),
);

/** A raw body and the headers that go with it; `expect413` when it is larger than the API accepts. */
export type HostileBody = { kind: string; raw: string; contentType?: string; expect413?: boolean };

const malformedJson = fc
  .oneof(
    fc.constantFrom(
      '{',
      '}',
      '{"a":',
      '[1,2',
      'nul',
      'tru',
      '{"a":1,}',
      "{'a':1}",
      '{"a" 1}',
      '{a:1}',
      '{"a":undefined}',
      '{"a":NaN}',
      '[,]',
      '"\\x"',
      '\u0000',
      '{"a":"\u0000',
      '{}{}',
      '{"a":1}garbage',
      '\ufeff{"a":1}',
      '{"a":0x10}',
      '{"a":01}',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
  )
  .map((raw): HostileBody => ({ kind: 'malformed JSON', raw }));

const wrongTopLevel = fc
  .oneof(
    fc.constantFrom<unknown>(null, true, 0, -1, 'text', '', [], [{}], [1, 2, 3]),
    fc.string({ unit: 'grapheme', maxLength: 50 }),
    fc.double(),
    fc.array(hostileValue, { maxLength: 4 }),
  )
  .map((v): HostileBody => ({ kind: 'wrong top-level type', raw: JSON.stringify(v) ?? 'null' }));

const unknownFields = fc
  .dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ unit: 'grapheme', maxLength: 20 })), hostileValue, { minKeys: 1, maxKeys: 6 })
  .map((o): HostileBody => ({ kind: 'hostile fields', raw: JSON.stringify(o) }));

const hugeBody = fc
  .integer({ min: MAX_BODY + 1, max: MAX_BODY * 3 })
  .map((n): HostileBody => ({ kind: 'huge body', raw: JSON.stringify({ text: 'A'.repeat(n) }), expect413: true }));

/** Deep nesting that still fits under the size limit: arrays, objects, or both. */
const deepNesting = fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('array', 'object', 'mixed')).map(([depth, shape]): HostileBody => {
  const open = shape === 'array' ? '[' : shape === 'object' ? '{"a":' : '{"a":[';
  const close = shape === 'array' ? ']' : shape === 'object' ? '}' : ']}';
  const n = Math.min(depth, Math.floor((MAX_BODY - 10) / (open.length + close.length)));
  return { kind: 'deep nesting', raw: open.repeat(n) + '1' + close.repeat(n) };
});

const longStrings = fc
  .tuple(fc.constantFrom(...FIELD_NAMES), fc.integer({ min: 1_000, max: 60_000 }), fc.constantFrom('a', 'é', '😀', '\u0000', "'", '"'))
  .map(([field, n, ch]): HostileBody => {
    const raw = JSON.stringify({ [field]: ch.repeat(Math.ceil(n / ch.length)) });
    return { kind: 'long string', raw, expect413: Buffer.byteLength(raw) > MAX_BODY };
  });

const wrongContentType = fc
  .tuple(
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-patch+json', ''),
    fc.constantFrom('{}', 'a=1&b=2', '<a/>'),
  )
  .map(([contentType, raw]): HostileBody => ({ kind: 'wrong content type', raw, contentType }));

/** One mutation of a valid body: a field dropped, a field's value replaced, or a field added. */
export function mutatedTemplate(template: Record<string, unknown>) {
  const keys = Object.keys(template);
  const drop = keys.length
    ? fc.constantFrom(...keys).map((k) => {
        const { [k]: _gone, ...rest } = template;
        return { kind: `template without ${k}`, body: rest };
      })
    : null;
  const replace = keys.length
    ? fc.tuple(fc.constantFrom(...keys), hostileValue).map(([k, v]) => ({ kind: `template with bad ${k}`, body: { ...template, [k]: v } }))
    : null;
  const add = fc
    .tuple(
      fc.oneof(fc.constantFrom('unknownField', 'isAdmin', 'role', 'country', 'extra'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 })),
      hostileValue,
    )
    .filter(([k]) => !keys.includes(k))
    .map(([k, v]) => ({ kind: `template plus ${k}`, body: { ...template, [k]: v } }));
  const options = [drop, replace, add].filter((a): a is NonNullable<typeof a> => a !== null);
  return fc.oneof(...options).map(({ kind, body }): HostileBody => ({ kind, raw: JSON.stringify(body) }));
}

/** Every hostile body shape; `template` (a valid body for the route) enables the near-miss mutations. */
export function hostileBody(template?: Record<string, unknown>): fc.Arbitrary<HostileBody> {
  const shapes: fc.Arbitrary<HostileBody>[] = [malformedJson, wrongTopLevel, unknownFields, hugeBody, deepNesting, longStrings, wrongContentType];
  if (template) shapes.push(mutatedTemplate(template), mutatedTemplate(template));
  return fc.oneof(...shapes);
}

/** Values for the simple-rest `sort`, `range` and `filter` parameters: malformed JSON, wrong shapes, injection. */
const jsonish = (v: unknown) => JSON.stringify(v);
export const hostileSort = fc.oneof(
  fc.constantFrom(
    'name',
    '["name"]',
    '["name","UP"]',
    '["x; DROP TABLE staff","ASC"]',
    '[1,2]',
    '{"field":"name"}',
    '["name","ASC","extra"]',
    '[',
    '',
    'null',
    '["seq","asc"]',
    '["__proto__","ASC"]',
  ),
  fc.tuple(fc.constantFrom(...NASTY_STRINGS), fc.constantFrom('ASC', 'DESC', 'asc', '', 'RANDOM()')).map(jsonish),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
export const hostileRange = fc.oneof(
  fc.constantFrom(
    '[0]',
    '[-1,5]',
    '[5,1]',
    '[0,1e9]',
    '[0,99999999999999999999]',
    '["a","b"]',
    '[0.5,3]',
    '[null,null]',
    '{"start":0}',
    '0-24',
    '[',
    '[0,24,48]',
    '[1e308,1e308]',
    '[0,-0]',
  ),
  fc.tuple(fc.integer(), fc.integer()).map(jsonish),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
export const hostileFilter = fc.oneof(
  fc.constantFrom(
    '{',
    '[]',
    'null',
    '"q"',
    '{"q":123}',
    '{"q":null}',
    '{"unknown":1}',
    '{"system":"all"}',
    '{"hasActive":"yes"}',
    '{"id":[1,2]}',
    '{"__proto__":{"admin":true}}',
    '{"time_gte":"yesterday"}',
  ),
  fc
    .dictionary(
      fc.constantFrom(...FIELD_NAMES, 'actorEmail', 'action', 'outcome', 'targetType', 'targetId', 'customerId', 'time_gte', 'time_lte', 'staffEmail'),
      hostileValue,
      { maxKeys: 3 },
    )
    .map(jsonish),
  // A well-formed filter whose search text is hostile: it reaches the search engine.
  fc.constantFrom(...NASTY_STRINGS).map((q) => jsonish({ q })),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((q) => jsonish({ q })),
  fc.integer({ min: 4000, max: 9000 }).map((n) => jsonish({ q: 'q'.repeat(n) })),
);

/** A whole hostile query string: the list parameters, some of them absent, and perhaps strangers. */
export const hostileQuery = fc
  .record({
    sort: fc.option(hostileSort, { nil: undefined }),
    range: fc.option(hostileRange, { nil: undefined }),
    filter: fc.option(hostileFilter, { nil: undefined }),
    format: fc.option(fc.oneof(fc.constantFrom('csv', 'json', 'xml', 'CSV', ''), fc.constantFrom(...NASTY_STRINGS)), { nil: undefined }),
    days: fc.option(fc.oneof(fc.constantFrom('0', '-1', '367', '1e3', 'abc', '30'), fc.constantFrom(...NASTY_STRINGS)), { nil: undefined }),
    extra: fc.option(
      fc.tuple(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 })), fc.constantFrom(...NASTY_STRINGS)),
      { nil: undefined },
    ),
  })
  .map(({ extra, ...params }) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) q.append(k, v);
    if (extra) q.append(extra[0], extra[1]);
    // The same parameter twice is its own kind of confusion.
    return q.toString();
  });
