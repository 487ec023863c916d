import { GraphQLError } from 'graphql';
import { wireTime } from '../dates.ts';
import type { ContractRow, CustomerRow, PaymentRow, SubscriptionRow } from '../store.ts';
import type { ContractFilter, ContractListing, ContractPageRows, ContractSort } from './listing.ts';

/** What a token may do; Centra names permissions `<Type>:<read|write>`. */
export type IntegrationAccess = { permissions: ReadonlySet<string> };

export const ALL_PERMISSIONS = ['SubscriptionContract:read', 'Subscription:read', 'Customer:read', 'Event:read', 'Event:write'] as const;

function need(access: IntegrationAccess, permission: string) {
  if (!access.permissions.has(permission)) {
    throw new GraphQLError(`Access denied: the token lacks the ${permission} permission.`, { extensions: { code: 'FORBIDDEN', permission } });
  }
}

const money = (value: number, currency: string) => ({ value, currency: { code: currency }, formattedValue: `${value.toFixed(2)} ${currency}` });
const countryName = new Intl.DisplayNames(['en'], { type: 'region' });

function subscriptionObject(s: SubscriptionRow, contract: () => unknown) {
  return {
    id: s.id,
    status: s.status.toUpperCase(),
    interval: { type: s.interval_type.toUpperCase(), value: s.interval_value },
    plan: s.plan_id === null ? null : { id: s.plan_id, name: s.plan_name ?? '', interval: { type: s.interval_type.toUpperCase(), value: s.interval_value }, discount: s.discount },
    discount: s.discount,
    // One line per subscription in this sandbox; quantity and the product's name live on the line.
    lines: [{ id: s.id, item: s.item, name: s.product_name, productNumber: null, productVariantName: null, size: s.size, quantity: s.quantity, subscriptionId: s.id, unitPrice: money(s.unit_price, s.currency), lineValue: money(s.unit_price * s.quantity, s.currency) }],
    nextOrderDate: s.next_order_date,
    nextRetryDate: null,
    needsAttention: false,
    attentionReasons: [],
    tries: 0,
    isWaitingForPayment: false,
    internalComment: null,
    contract,
    createdAt: wireTime(s.created_at),
    updatedAt: wireTime(s.updated_at),
  };
}

function contractObject(c: ContractRow, rows: ContractPageRows) {
  const customer = rows.customers.get(c.customer_id) as CustomerRow | undefined;
  const payments = rows.payments.get(c.id) ?? [];
  const self: Record<string, unknown> = {
    id: c.id,
    createdAt: wireTime(c.created_at),
    updatedAt: wireTime(c.updated_at),
    // The contract keeps the e-mail it was made with; the customer's own wins while it exists.
    customer: { id: c.customer_id, email: customer?.email ?? c.email, firstName: customer?.first_name ?? null, lastName: customer?.last_name ?? null, phoneNumber: customer?.phone ?? null },
    shippingAddress: {
      firstName: c.first_name, lastName: c.last_name, companyName: null, address1: c.address1, address2: c.address2, zipCode: c.zip_code,
      city: c.city, state: c.state, country: c.country ? { code: c.country, name: countryName.of(c.country) ?? c.country } : null, email: c.email, phoneNumber: c.phone,
    },
    internalComment: null,
    subscriptionPayment: ({ limit = 20, page = 1 }: { limit?: number; page?: number }) =>
      payments.slice((page - 1) * limit, page * limit).map((p: PaymentRow) => ({ id: p.id, paymentMethod: p.payment_method, status: p.status.toUpperCase(), createdAt: wireTime(p.created_at), updatedAt: wireTime(p.created_at) })),
  };
  self.subscriptions = (rows.subscriptions.get(c.id) ?? []).map((s) => subscriptionObject(s, () => self));
  return self;
}

/** The root fields, answering from the sandbox's tables. */
export function integrationRoot(listing: () => ContractListing) {
  return {
    subscriptionContracts(args: { where?: ContractFilter; sort?: ContractSort[]; limit?: number; page?: number }, access: IntegrationAccess) {
      need(access, 'SubscriptionContract:read');
      const rows = listing().page(args);
      return rows.contracts.map((c) => contractObject(c, rows));
    },
    subscriptionContract(args: { id: number }, access: IntegrationAccess) {
      need(access, 'SubscriptionContract:read');
      const rows = listing().one(args.id);
      return rows.contracts[0] ? contractObject(rows.contracts[0], rows) : null;
    },
  };
}
