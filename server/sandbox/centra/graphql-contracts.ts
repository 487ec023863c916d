import { GraphqlError, type Field } from './graphql-selection.ts';
import { int, list, nullUnless, object, real, text, upperText, wireTime, type JsonSql } from './json-sql.ts';

/**
 * The Integration API's SubscriptionContract as SQL: each GraphQL field is the SQL expression
 * writing its JSON, over a `centra_contracts` row aliased `c` (payments `p`, subscriptions `s`).
 * A query's selection compiles to one expression that writes exactly the selected fields, in
 * the order first selected, so SQLite answers a page as JSON text. Type names are ours, as are
 * the argument names (routes-graphql.ts).
 */
type ObjectType = { name: string; fields: Record<string, JsonSql | Nested> };
/** An object-valued field: `wrap` turns the object's expression into the field's (a list, or null). */
type Nested = { type: ObjectType; wrap?: (objectSql: JsonSql) => JsonSql };

const interval: ObjectType = { name: 'SubscriptionInterval', fields: { type: upperText('s.interval_type'), value: int('s.interval_value') } };
const plan: ObjectType = { name: 'SubscriptionPlan', fields: { id: int('s.plan_id'), name: text('s.plan_name') } };
const money: ObjectType = { name: 'MonetaryValue', fields: { amount: real('s.unit_price'), currency: text('s.currency') } };
const line: ObjectType = {
  name: 'SubscriptionLine',
  fields: { item: text('s.item'), productName: text('s.product_name'), size: text('s.size'), quantity: int('s.quantity'), unitPrice: { type: money } },
};

const subscription: ObjectType = {
  name: 'Subscription',
  fields: {
    id: int('s.id'),
    status: upperText('s.status'),
    interval: { type: interval },
    plan: { type: plan, wrap: (o) => nullUnless('s.plan_id IS NOT NULL', o) },
    discount: real('s.discount'),
    quantity: int('s.quantity'),
    nextOrderDate: text('s.next_order_date'),
    // One line per subscription in this emulator.
    lines: { type: line, wrap: (o) => `concat('[', ${o}, ']')` },
    createdAt: wireTime('s.created_at'),
  },
};

const payment: ObjectType = { name: 'SubscriptionPayment', fields: { id: int('p.id'), paymentMethod: text('p.payment_method'), status: upperText('p.status') } };

const customer: ObjectType = {
  name: 'Customer',
  // The contract keeps the e-mail it was made with; the customer's own wins while it exists.
  fields: { id: int('c.customer_id'), email: text('coalesce((SELECT cu.email FROM centra_customers cu WHERE cu.id = c.customer_id), c.email)') },
};

const address: ObjectType = {
  name: 'Address',
  fields: {
    firstName: text('c.first_name'), lastName: text('c.last_name'), address1: text('c.address1'), address2: text('c.address2'), zipCode: text('c.zip_code'),
    city: text('c.city'), state: text('c.state'), country: text('c.country'), email: text('c.email'), phoneNumber: text('c.phone'),
  },
};

const contract: ObjectType = {
  name: 'SubscriptionContract',
  fields: {
    id: int('c.id'),
    createdAt: wireTime('c.created_at'),
    updatedAt: wireTime('c.updated_at'),
    customer: { type: customer },
    shippingAddress: { type: address },
    subscriptionPayment: { type: payment, wrap: (o) => list(o, 'centra_payments p WHERE p.contract_id = c.id', 'p.id') },
    subscriptions: { type: subscription, wrap: (o) => list(o, 'centra_subscriptions s WHERE s.contract_id = c.id', 's.id') },
  },
};

/** The SQL writing one contract with exactly `selection`; GraphqlError for what the type does not have. */
export function contractJsonSql(selection: Field[]): JsonSql {
  return compile(contract, selection);
}

function compile(type: ObjectType, selection: Field[]): JsonSql {
  const out: [string, JsonSql][] = [];
  for (const [name, sub] of merge(selection)) {
    const field = Object.hasOwn(type.fields, name) ? type.fields[name] : undefined;
    if (field === undefined) throw new GraphqlError(`Cannot query field "${name}" on type "${type.name}".`);
    if (typeof field === 'string') {
      if (sub) throw new GraphqlError(`Field "${name}" must not have a selection since it has no subfields.`);
      out.push([name, field]);
    } else {
      if (!sub) throw new GraphqlError(`Field "${name}" of type "${field.type.name}" must have a selection of subfields. Did you mean "${name} { ... }"?`);
      const objectSql = compile(field.type, sub);
      out.push([name, field.wrap ? field.wrap(objectSql) : objectSql]);
    }
  }
  return object(out);
}

/** GraphQL answers a field selected twice once, with both sub-selections. */
function merge(selection: Field[]): Map<string, Field[] | undefined> {
  const fields = new Map<string, Field[] | undefined>();
  for (const f of selection) {
    const seen = fields.get(f.name);
    fields.set(f.name, seen && f.selection ? [...seen, ...f.selection] : (seen ?? f.selection));
  }
  return fields;
}
