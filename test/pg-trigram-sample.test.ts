import { describe, expect, it } from 'vitest';
import { rarestTrigrams, trigramsOf } from '../server/storage/pg/trigram-sample.ts';

describe("the trigrams the PostgreSQL search hands pg_trgm's index", () => {
  it('are the runs of three letters or digits, as pg_trgm reads a LIKE pattern: not across dots, @ or spaces', () => {
    expect([...trigramsOf('ann.ek4@x.se')].sort()).toEqual(['ek4', 'ann'].sort());
    expect([...trigramsOf('nana')].sort()).toEqual(['ana', 'nan']);
    expect(trigramsOf('a.b c-d')).toEqual(new Set());
  });

  it("are a word's least common ones by the sample, ties in a fixed order", () => {
    const counts = new Map([
      ['ing', 900],
      ['ngr', 12],
      ['gri', 40],
      ['rid', 300],
    ]);
    expect(rarestTrigrams('ingrid', counts, 2)).toEqual(['ngr', 'gri']);
    // Not in the sample at all: the rarest there is.
    expect(rarestTrigrams('ingridx', counts, 1)).toEqual(['idx']);
    expect(rarestTrigrams('abcabd', new Map(), 2)).toEqual(['abc', 'abd']);
    expect(rarestTrigrams('a.b', counts, 2)).toEqual([]);
  });
});
