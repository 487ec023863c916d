import type { PlanDoc, UserDoc } from '../docs.ts';
import type { GigsStore } from '../store.ts';
import { escapeHtml } from './html.ts';
import { USER_REASONS } from './apply.ts';

type Payload = { plan?: string; addons?: string[]; subscription?: string };

const price = (p: { amount: number; currency: string }) => `${(p.amount / 100).toFixed(2)} ${p.currency}`;
const planLabel = (p: PlanDoc) => `${p.name} (${price(p.price)})`;

const input = (label: string, name: string, value: string, required = false) =>
  `<p><label>${label} <input name="${name}" value="${escapeHtml(value)}"${required ? ' required' : ''} maxlength="120"></label></p>`;

/** What the customer is asked to confirm, and the choices the intent needs, as HTML. */
export function describeIntent(store: GigsStore, intent: { type: string } & Record<string, unknown>, user?: UserDoc): { summary: string; fields: string } {
  const payload = (intent[intent.type] ?? {}) as Payload;
  const sub = payload.subscription ? store.subscription(payload.subscription) : undefined;
  const subPlan = sub ? store.plan(sub.planId) : undefined;
  const subText = sub
    ? `your subscription ${escapeHtml(sub.doc.id)}${subPlan ? ` on <strong>${escapeHtml(subPlan.name)}</strong>` : ''}${sub.doc.phoneNumber ? ` (${escapeHtml(sub.doc.phoneNumber)})` : ''}`
    : 'a subscription';
  const addonNames = (payload.addons ?? []).map((a) => escapeHtml(store.addon(a)?.name ?? a)).join(', ');
  switch (intent.type) {
    case 'checkoutNewSubscription': {
      const plan = payload.plan ? store.plan(payload.plan) : undefined;
      return {
        summary: `Buy a new subscription to <strong>${escapeHtml(plan ? planLabel(plan) : (payload.plan ?? ''))}</strong>${addonNames ? ` with ${addonNames}` : ''}.`,
        fields: '',
      };
    }
    case 'changeSubscription': {
      const options = store
        .plans()
        .filter((p) => p.status === 'available' && subPlan && p.provider === subPlan.provider && p.id !== subPlan.id)
        .map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(planLabel(p))}</option>`)
        .join('');
      return { summary: `Change the plan of ${subText}.`, fields: `<p><label>New plan <select name="plan" required>${options}</select></label></p>` };
    }
    case 'cancelSubscription': {
      const options = USER_REASONS.map((r) => `<option value="${r}">${r}</option>`).join('');
      return {
        summary: `Cancel ${subText}. It keeps working until the end of the current period.`,
        fields: `<p><label>Why are you leaving? <select name="userReason">${options}</select></label></p>`,
      };
    }
    case 'resumeSubscription':
      return { summary: `Resume ${subText}: the cancellation is withdrawn.`, fields: '' };
    case 'checkoutAddon':
      return { summary: `Buy ${addonNames} for ${subText}.`, fields: '' };
    case 'completePorting':
      return {
        summary: `Complete the transfer of your number to ${subText}${sub?.doc.porting ? ` (${escapeHtml(sub.doc.porting.phoneNumber)})` : ''}.`,
        fields: '',
      };
    case 'viewSubscription':
      return { summary: `View ${subText}.`, fields: '' };
    case 'viewEsimInstallation': {
      const sim = sub?.doc.sim;
      const code =
        sim?.type === 'eSIM'
          ? `<p>Activation code: <code>LPA:1$sandbox.gigs.example$${escapeHtml(sim.iccid)}</code></p>`
          : '<p>This subscription has no eSIM to install.</p>';
      return { summary: `Install the eSIM of ${subText}: scan the activation code with the phone, or enter it in its settings.${code}`, fields: '' };
    }
    case 'viewSubscriptions': {
      const own = user ? store.subscriptionsOf(user.id) : [];
      const items = own
        .map(
          (r) =>
            `<li>${escapeHtml(store.plan(r.planId)?.name ?? r.planId)} · ${escapeHtml(r.doc.status)}${r.doc.phoneNumber ? ` · ${escapeHtml(r.doc.phoneNumber)}` : ''}</li>`,
        )
        .join('');
      return { summary: `Your subscriptions:${items ? `<ul>${items}</ul>` : ' none yet.'}`, fields: '' };
    }
    case 'updatePaymentMethod':
      return { summary: 'Update your payment method.', fields: '' };
    case 'updateUserFullName':
      return { summary: 'Update the name on your account.', fields: input('Full name', 'fullName', user?.fullName ?? '', true) };
    case 'updateUserAddress': {
      const last = user ? store.latestAddress(user.id) : undefined;
      return {
        summary: 'Update your address.',
        fields: [
          input('Street address', 'line1', last?.line1 ?? '', true),
          input('Apartment, suite (optional)', 'line2', last?.line2 ?? ''),
          input('Postal code', 'postalCode', last?.postalCode ?? ''),
          input('City', 'city', last?.city ?? '', true),
          input('Country (two letters)', 'country', last?.country ?? '', true),
        ].join(''),
      };
    }
    default:
      return { summary: `${escapeHtml(intent.type)}.`, fields: '' };
  }
}
