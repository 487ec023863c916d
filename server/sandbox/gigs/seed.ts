import type { Person } from '../people.ts';
import type { AddonDoc, PlanDoc, PortingDoc, SubscriptionAddonDoc, SubscriptionDoc, SubscriptionStatus, UserDoc } from './docs.ts';
import { catalogAddons, catalogPlans, isVoicePlan, planId } from './catalog.ts';
import { addMonths, DAY_MS, iso, seededId, seqFor } from './ids.ts';
import { currentPeriod, iccidFor, periodEnd, simDoc } from './lifecycle.ts';
import type { GigsStore } from './store.ts';

const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * DAY_MS;

const USER_REASONS = ['tooExpensive', 'unused', 'connectivityIssues', 'customerService', 'noDetails', 'other'];
const END_CAUSES = [
  'cancellationRequested',
  'cancellationRequested',
  'cancellationRequested',
  'paymentFailed',
  'invoiceUnpaid',
  'phoneNumberPortedOut',
  'portingExpired',
];

type Kind = 'active' | 'canceled' | 'ended' | 'pending' | 'initiated';

/** Status mix: mostly active, every status present, some canceled-but-running. */
function kindFor(roll: number): Kind {
  if (roll < 0.5) return 'active';
  if (roll < 0.6) return 'canceled';
  if (roll < 0.8) return 'ended';
  if (roll < 0.93) return 'pending';
  return 'initiated';
}

function subscriptionCount(p: Person): number {
  if (p.index === 0) return 2;
  const r = p.rand(20);
  return r < 0.2 ? 0 : r < 0.65 ? 1 : r < 0.9 ? 2 : 3;
}

/**
 * Seeds users, their subscriptions (with SIMs, phone numbers, portings) and subscription add-ons
 * from the shared people. Everything random comes from person.rand(salt), ids from seededId, and
 * times from `anchorMs` (the seed's clock, to the hour): the same people give the same data.
 */
export function seedGigs(store: GigsStore, people: Iterable<Person>, anchorMs: number, onProgress?: (done: number) => void) {
  const st = store.statements;
  const catalogueCreated = anchorMs - 4 * YEAR_MS;
  const plans = catalogPlans(iso(catalogueCreated));
  const addons = catalogAddons(iso(catalogueCreated));
  plans.forEach((pl, i) => st.insertPlan.run(seqFor(catalogueCreated + i * DAY_MS, i), pl.id, pl.status, pl.provider, JSON.stringify(pl)));
  addons.forEach((a, i) => st.insertAddon.run(seqFor(catalogueCreated + (i + 10) * DAY_MS, i), a.id, a.status, a.provider, JSON.stringify(a)));

  const byKey = (key: string) => plans.find((p) => p.id === planId(key))!;
  const usPlans = [byKey('us-essentials'), byKey('us-essentials'), byKey('us-unlimited'), byKey('us-legacy')];
  const euPlans = [byKey('eu-data'), byKey('eu-talk'), byKey('eu-talk'), byKey('eu-holiday')];
  const addonsFor = (plan: PlanDoc): AddonDoc[] => addons.filter((a) => a.status === 'available' && a.provider === plan.provider && a.plans.includes(plan.id));

  let subCounter = 0;
  let sadCounter = 0;
  let done = 0;
  for (const p of people) {
    done++;
    if (onProgress && done % 10_000 === 0) onProgress(done);
    if (!p.inGigs) continue;

    const userCreated = userCreatedAt(p, anchorMs);
    const user: UserDoc = {
      object: 'user',
      id: seededId('usr', String(p.index)),
      metadata: {},
      birthday: p.birthday,
      createdAt: iso(userCreated),
      email: p.email.toLowerCase(),
      emailVerified: p.rand(13) < 0.8,
      fullName: p.index !== 0 && p.rand(14) < 0.05 ? null : p.fullName,
      preferredLocale: p.locale,
      status: p.index !== 0 && p.rand(12) < 0.03 ? 'blocked' : 'active',
    };
    st.insertUser.run(seqFor(userCreated, p.index), user.id, user.email, JSON.stringify(user));

    let personalNumberUsed = false;
    const count = subscriptionCount(p);
    for (let k = 0; k < count; k++) {
      const counter = subCounter++;
      const kind: Kind = p.index === 0 ? (k === 0 ? 'active' : 'ended') : kindFor(p.rand(30 + k));
      const pool = p.country === 'US' ? usPlans : euPlans;
      let plan = p.index === 0 ? (k === 0 ? byKey('eu-talk') : byKey('eu-data')) : pool[Math.floor(p.rand(40 + k) * pool.length)]!;
      // Archived plans keep their existing subscribers but take no new ones.
      if (plan.status !== 'available' && (kind === 'pending' || kind === 'initiated')) plan = pool[0]!;
      const live = kind === 'active' || kind === 'canceled';

      const span = anchorMs - userCreated;
      let created =
        kind === 'pending' || kind === 'initiated'
          ? Math.max(userCreated + HOUR_MS, anchorMs - Math.floor(p.rand(50 + k) * 3 * DAY_MS) - HOUR_MS)
          : Math.min(anchorMs - HOUR_MS, userCreated + HOUR_MS + Math.floor(p.rand(50 + k) * Math.min(span * 0.8, SIGN_UP_WINDOW_MS)));
      // A one-time pass is only still running if bought within its validity.
      if (live && plan.validity.type === 'oneTime')
        created = Math.max(userCreated, anchorMs - Math.floor((0.1 + p.rand(51 + k) * 0.7) * plan.validity.value * DAY_MS));
      const activated = kind === 'pending' || kind === 'initiated' ? null : created + 5 * 60_000;

      const voice = isVoicePlan(plan);
      let phoneNumber: string | null = null;
      if (live && voice) {
        phoneNumber = personalNumberUsed ? extraNumber(p, counter) : p.phone;
        personalNumberUsed = true;
      }

      let porting: PortingDoc | null = null;
      if (voice && kind === 'pending' && p.rand(70 + k) < 0.4 && !personalNumberUsed) {
        porting = {
          object: 'porting',
          id: seededId('prt', String(counter)),
          status: 'pending',
          phoneNumber: p.phone,
          createdAt: iso(created),
          completedAt: null,
        };
        personalNumberUsed = true;
      }

      let period = activated !== null && live ? currentPeriod(plan, activated, anchorMs) : null;
      let canceledAt: number | null = null;
      let endedAt: number | null = null;
      let cause: string | null = null;
      if (kind === 'canceled' && period) {
        canceledAt = Math.max(activated!, anchorMs - Math.floor(p.rand(60 + k) * 10 * DAY_MS) - HOUR_MS);
        endedAt = Date.parse(period.end);
        cause = 'cancellationRequested';
      } else if (kind === 'ended') {
        const firstEnd = periodEnd(plan, activated!);
        endedAt = Math.min(anchorMs - HOUR_MS, Math.max(firstEnd, activated! + Math.floor(p.rand(61 + k) * (anchorMs - activated!))));
        canceledAt = endedAt - Math.floor(p.rand(62 + k) * 20 * DAY_MS);
        if (canceledAt < activated!) canceledAt = activated!;
        cause = plan.validity.type === 'oneTime' ? 'subscriptionEnded' : END_CAUSES[Math.floor(p.rand(63 + k) * END_CAUSES.length)]!;
        period = null;
      }

      const sim = simDoc(
        seededId('sim', String(counter)),
        plan.provider,
        iccidFor(counter, p.rand(80 + k) < 0.7),
        plan.simTypes.includes('eSIM') && (plan.simTypes.length === 1 || p.rand(81 + k) < 0.75) ? 'eSIM' : 'pSIM',
        kind === 'ended' ? 'retired' : live ? 'active' : 'inactive',
        iso(created),
      );
      const status: SubscriptionStatus = kind === 'canceled' ? 'active' : kind;
      const sub: SubscriptionDoc = {
        object: 'subscription',
        id: seededId('sub', String(counter)),
        metadata: {},
        status,
        phoneNumber,
        sim,
        currentPeriod: period,
        activatedAt: activated === null ? null : iso(activated),
        billing: null,
        canceledAt: canceledAt === null ? null : iso(canceledAt),
        cancellationDetails: cause
          ? { cause, userReason: cause === 'cancellationRequested' ? USER_REASONS[Math.floor(p.rand(64 + k) * USER_REASONS.length)]! : null, userComment: null }
          : null,
        createdAt: iso(created),
        earliestEndAt: activated === null ? null : iso(periodEnd(plan, activated)),
        endedAt: endedAt === null ? null : iso(endedAt),
        firstUsageAt: activated === null ? null : iso(activated + HOUR_MS),
        porting,
      };
      st.insertSubscription.run(seqFor(created, counter), sub.id, user.id, plan.id, status, JSON.stringify(sub));

      const offered = addonsFor(plan);
      if ((live || kind === 'ended') && offered.length && (p.index === 0 || p.rand(90 + k) < 0.3)) {
        const addon = offered[Math.floor(p.rand(91 + k) * offered.length)]!;
        const sadCreated = Math.max(activated!, Date.parse(period?.start ?? sub.activatedAt!)) + 2 * HOUR_MS;
        const sadEnd = addon.validity
          ? addon.validity.unit === 'month'
            ? addMonths(sadCreated, addon.validity.value)
            : sadCreated + addon.validity.value * DAY_MS
          : null;
        const running = live && (sadEnd === null || sadEnd > anchorMs);
        const sad: SubscriptionAddonDoc = {
          object: 'subscriptionAddon',
          id: seededId('sad', String(sadCounter)),
          subscription: sub.id,
          user: user.id,
          status: running ? 'active' : 'ended',
          currentPeriod: running ? { number: 1, start: iso(sadCreated), end: iso(sadEnd ?? periodEnd(plan, sadCreated)) } : null,
          activatedAt: iso(sadCreated + 60_000),
          canceledAt: null,
          createdAt: iso(sadCreated),
          endedAt: running ? null : iso(Math.min(sadEnd ?? endedAt ?? anchorMs, endedAt ?? anchorMs)),
        };
        st.insertSad.run(seqFor(sadCreated, sadCounter), sad.id, sub.id, user.id, addon.id, JSON.stringify(sad));
        sadCounter++;
      }
    }
  }
  onProgress?.(done);
}

/**
 * Sign-up times grow with the person's index on a log scale (no need to know how many people
 * there are): person 0 joined three years ago, a million people fill the three years. Rows are
 * then written roughly in `seq` order, which keeps a million-customer seed fast (appends, not
 * random inserts all over a 2 GB table).
 */
function userCreatedAt(p: Person, anchorMs: number): number {
  const share = Math.log1p(p.index) / Math.log1p(1_000_000);
  return Math.min(anchorMs - DAY_MS, anchorMs - 3 * YEAR_MS + Math.floor(share * 3 * YEAR_MS) + Math.floor(p.rand(11) * HOUR_MS));
}

/** Customers take their first subscription within a week of signing up (see userCreatedAt). */
const SIGN_UP_WINDOW_MS = 7 * DAY_MS;

/** A second live voice line of the same person needs a number of its own. */
function extraNumber(p: Person, counter: number): string {
  const dial = p.phone.startsWith('+1') ? '+1958' : p.phone.slice(0, 3);
  return p.phone.startsWith('+1') ? `${dial}${String(counter % 10_000_000).padStart(7, '0')}` : `${dial}6${String(counter % 100_000_000).padStart(8, '0')}`;
}
