import { GraphQLError } from 'graphql';
import { wireTime } from '../dates.ts';
import type { ContractRow, CustomerRow, PaymentRow, SubscriptionRow } from '../store.ts';
import type { ContractFilter, ContractListing, ContractPageRows, ContractSort } from './listing.ts';
import type { ChangeType, EventQueue, EventRow, ObjectType } from './events.ts';

/** What a token may do; Centra names permissions `<Type>:<read|write>`. Its queues belong to its integration. */
export type IntegrationAccess = { permissions: ReadonlySet<string>; integration: string; eventsEnabled: boolean };

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
    __typename: 'Subscription',
    id: s.id,
    status: s.status.toUpperCase(),
    interval: { type: s.interval_type.toUpperCase(), value: s.interval_value },
    plan:
      s.plan_id === null
        ? null
        : { id: s.plan_id, name: s.plan_name ?? '', interval: { type: s.interval_type.toUpperCase(), value: s.interval_value }, discount: s.discount },
    discount: s.discount,
    // One line per subscription in this sandbox; quantity and the product's name live on the line.
    // Built only when asked for (graphql-js calls a function-valued field): a bulk listing seldom does.
    lines: () => [
      {
        id: s.id,
        item: s.item,
        name: s.product_name,
        productNumber: null,
        productVariantName: null,
        size: s.size,
        quantity: s.quantity,
        subscriptionId: s.id,
        unitPrice: () => money(s.unit_price, s.currency),
        lineValue: () => money(s.unit_price * s.quantity, s.currency),
      },
    ],
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
    __typename: 'SubscriptionContract',
    id: c.id,
    createdAt: wireTime(c.created_at),
    updatedAt: wireTime(c.updated_at),
    // The contract keeps the e-mail it was made with; the customer's own wins while it exists.
    customer: customer
      ? customerObject(customer)
      : { __typename: 'Customer', id: c.customer_id, email: c.email, firstName: null, lastName: null, phoneNumber: null },
    shippingAddress: {
      firstName: c.first_name,
      lastName: c.last_name,
      companyName: null,
      address1: c.address1,
      address2: c.address2,
      zipCode: c.zip_code,
      city: c.city,
      state: c.state,
      country: c.country ? { code: c.country, name: () => countryName.of(c.country) ?? c.country } : null,
      email: c.email,
      phoneNumber: c.phone,
    },
    internalComment: null,
    subscriptionPayment: ({ limit = 20, page = 1 }: { limit?: number; page?: number }) =>
      payments.slice((page - 1) * limit, page * limit).map((p: PaymentRow) => ({
        id: p.id,
        paymentMethod: p.payment_method,
        status: p.status.toUpperCase(),
        createdAt: wireTime(p.created_at),
        updatedAt: wireTime(p.created_at),
      })),
  };
  self.subscriptions = (rows.subscriptions.get(c.id) ?? []).map((s) => subscriptionObject(s, () => self));
  return self;
}

function customerObject(c: CustomerRow) {
  return { __typename: 'Customer', id: c.id, email: c.email, firstName: c.first_name, lastName: c.last_name, phoneNumber: c.phone };
}

function eventsOn(access: IntegrationAccess, permission: 'Event:read' | 'Event:write') {
  if (!access.eventsEnabled)
    throw new GraphQLError('The Events system is not enabled in this Centra environment; ask Centra to enable it.', {
      extensions: { code: 'EVENTS_DISABLED' },
    });
  need(access, permission);
}

/** The root fields, answering from the sandbox's tables. */
export function integrationRoot(listing: () => ContractListing, events: () => EventQueue) {
  /** An event's object as it is now: null when it is gone. */
  const objectOf = (e: EventRow) => {
    const id = Number(e.object_reference);
    if (e.object_type === 'Customer') {
      const c = listing().customer(id);
      return c ? customerObject(c) : null;
    }
    if (e.object_type === 'SubscriptionContract') {
      const rows = listing().one(id);
      return rows.contracts[0] ? contractObject(rows.contracts[0], rows) : null;
    }
    if (e.object_type === 'Subscription') {
      const rows = listing().ofSubscription(id);
      const contract = rows.contracts[0] ? contractObject(rows.contracts[0], rows) : null;
      return (contract?.subscriptions as { id: number }[] | undefined)?.find((s) => s.id === id) ?? null;
    }
    const plan = listing().plan(id);
    return plan
      ? {
          __typename: 'SubscriptionPlan',
          id: plan.id,
          name: plan.name,
          interval: { type: plan.interval_type.toUpperCase(), value: plan.interval_value },
          discount: plan.discount,
        }
      : null;
  };
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
    eventListeners(_args: unknown, access: IntegrationAccess) {
      eventsOn(access, 'Event:read');
      return events().listeners(access.integration);
    },
    events(args: { where?: { objectType?: ObjectType[]; changeType?: ChangeType[] }; limit?: number }, access: IntegrationAccess) {
      eventsOn(access, 'Event:read');
      return events()
        .events(access.integration, args.where, args.limit ?? 20)
        .map((e) => ({
          id: e.id,
          objectType: e.object_type,
          changeType: e.change_type,
          objectReference: e.object_reference,
          createdAt: wireTime(e.created_at),
          object: () => (e.change_type === 'DELETED' ? null : objectOf(e)),
        }));
    },
    setEventListeners(args: { input: { objectType: ObjectType; changeTypes?: ChangeType[] }[] }, access: IntegrationAccess) {
      eventsOn(access, 'Event:write');
      return { eventListeners: events().setListeners(access.integration, args.input), userErrors: [] };
    },
    unsetEventListeners(args: { input: { objectType: ObjectType; changeTypes?: ChangeType[] }[] }, access: IntegrationAccess) {
      eventsOn(access, 'Event:write');
      return { eventListeners: events().unsetListeners(access.integration, args.input), userErrors: [] };
    },
    confirmEvents(args: { input: { eventsIds: number[] } }, access: IntegrationAccess) {
      eventsOn(access, 'Event:write');
      events().confirm(access.integration, args.input.eventsIds);
      return { userErrors: [] };
    },
  };
}
