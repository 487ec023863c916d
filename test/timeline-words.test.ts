import { describe, expect, it } from 'vitest';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { describeEntry as describeIn, type Describable } from '../admin/customers/timeline/describe.ts';
import { diff } from '../admin/audit/JsonDiff.tsx';
import { en } from '../admin/i18n/en/index.ts';
import { fr } from '../admin/i18n/fr/index.ts';
import { formatsIn } from '../admin/i18n/useFormat.ts';
import type { Translate } from '../admin/i18n/useT.ts';

/** The words as the SPA has them: the message files through react-admin's polyglot translator. */
const wordsOf = (locale: string, messages: object, intl: string) => {
  const provider = polyglotI18nProvider(() => messages as never, locale);
  return {
    t: ((key, params) => provider.translate(key, params)) as Translate,
    format: formatsIn(intl, (word, params) => provider.translate(`vocabulary.${word}`, params)),
  };
};
const english = wordsOf('en', en, 'en-GB');
const describeEntry = (e: Describable) => describeIn(e, english);

/** The timeline's plain words (admin/customers/timeline/describe.ts) and the diff's order. */
const sub = {
  id: 77,
  status: 'active',
  interval: { type: 'month', value: 3 },
  lines: [{ item: '1-1', productName: 'Paper Coffee Filters', size: '', quantity: 1 }],
};
const line = (over: Record<string, unknown>) =>
  ({
    action: 'x',
    outcome: 'succeeded',
    request: null,
    before: null,
    after: null,
    error: null,
    target: { type: 'centra-subscription', id: '77' },
    ...over,
  }) as Parameters<typeof describeEntry>[0];

describe('describeEntry', () => {
  it('says a status change with the product, its interval and the reason', () => {
    const d = describeEntry(
      line({ action: 'centra.subscription.status', request: { status: 'paused', reason: { code: 'moving_abroad', text: 'to Norway' } }, before: sub }),
    );
    expect(d).toEqual({ what: 'Paused Paper Coffee Filters (every 3 months)', details: ['Moving abroad: to Norway'] });
    expect(
      describeEntry(
        line({ action: 'centra.subscription.status', request: { status: 'cancelled', reason: { code: 'other', text: 'says it is too strong' } }, before: sub }),
      ).details,
    ).toEqual(['Other: says it is too strong']);
  });

  it('says what failed and what has no outcome yet', () => {
    const failed = describeEntry(
      line({
        action: 'centra.subscription.quantity',
        outcome: 'failed',
        request: { quantity: 3 },
        before: sub,
        error: { message: 'Centra did not answer in time.' },
      }),
    );
    expect(failed).toEqual({ what: 'Changed Paper Coffee Filters (every 3 months) to 3 per order', details: ['Not done: Centra did not answer in time.'] });
    expect(describeEntry(line({ action: 'centra.subscription.interval', outcome: 'unknown', request: { planId: '5' }, before: sub })).details[0]).toMatch(
      /^Outcome unknown/,
    );
  });

  it("names Connect links by what they are for, and the customer's choice as theirs", () => {
    const create = describeEntry(
      line({
        action: 'gigs.connectSession.create',
        request: { intent: { type: 'changeSubscription', subscription: 'sub_1' } },
        before: { subscription: { id: 'sub_1', planName: 'Europe Data 10GB' } },
      }),
    );
    expect(create.what).toBe('Sent change-plan link for Europe Data 10GB (sub_1)');
    expect(
      describeEntry(line({ action: 'gigs.connectSession.create', request: { intent: { type: 'updateUserFullName' } }, before: { plan: null } })).what,
    ).toBe('Sent name link');
    expect(describeEntry(line({ action: 'gigs.connectSession.callback', after: { outcome: 'abandoned', intent: 'cancelSubscription' } })).what).toBe(
      'The customer left the cancel link without completing it',
    );
    expect(
      describeEntry(
        line({
          action: 'gigs.connectSession.callback',
          outcome: 'failed',
          request: { status: 'auth_expired' },
          after: { outcome: 'failed', intent: 'checkoutAddon' },
          error: { message: 'Connect ended with "auth_expired".' },
        }),
      ).what,
    ).toBe('The add-on link did not work (auth_expired)');
    expect(describeEntry(line({ action: 'gigs.connectSession.revoke', before: { intent: 'viewEsimInstallation' } })).what).toBe(
      'Revoked the eSIM-installation link',
    );
  });

  it('quotes notes, folds viewers, and falls back to the action for what it does not know', () => {
    expect(describeEntry(line({ action: 'customer.note.create', after: { text: 'Promised a call back.' } })).what).toBe('Note: Promised a call back.');
    expect(
      describeEntry(
        line({
          action: 'customer.view',
          viewers: [
            { email: 'a@x', role: 'support', count: 3 },
            { email: 'b@x', role: 'admin', count: 1 },
          ],
        }),
      ).what,
    ).toBe('Viewed by a@x (3×), b@x');
    expect(describeEntry(line({ action: 'something.new' })).what).toBe('something.new');
  });

  it("speaks the reader's language: the same entry in French, its interval in French too", () => {
    const french = wordsOf('fr', fr, 'fr-FR');
    const d = describeIn(
      line({ action: 'centra.subscription.status', request: { status: 'paused', reason: { code: 'moving_abroad', text: 'en Norvège' } }, before: sub }),
      french,
    );
    expect(d).toEqual({ what: 'Paper Coffee Filters (tous les 3 mois) mis en pause', details: ['Déménagement à l’étranger : en Norvège'] });
    expect(describeIn(line({ action: 'gigs.connectSession.revoke', before: { intent: 'cancelSubscription' } }), french).what).toBe(
      'Révocation du lien de résiliation',
    );
  });
});

describe('diff', () => {
  it('lists what changed first, then what stayed', () => {
    const rows = diff({ a: 1, b: 2, status: 'active', z: 'same' }, { a: 1, b: 3, status: 'paused', z: 'same', added: true });
    expect(rows.map((r) => [r.path, r.kind])).toEqual([
      ['added', 'added'],
      ['b', 'changed'],
      ['status', 'changed'],
      ['a', 'same'],
      ['z', 'same'],
    ]);
  });
});
