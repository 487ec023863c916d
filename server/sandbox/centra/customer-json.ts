import { bool, object, text } from './json-sql.ts';

/** The Order API's customer (docs/upstreams.md, "Shop API and Order API"), as JSON written by SQL from a `centra_customers` row aliased `cu`. */
export const CUSTOMER_JSON = object([
  ['customerId', text('CAST(cu.id AS TEXT)')],
  ['email', text('cu.email')],
  ['firstName', text('cu.first_name')],
  ['lastName', text('cu.last_name')],
  ['address1', text('cu.address1')],
  ['address2', text('cu.address2')],
  ['zipCode', text('cu.zip_code')],
  ['city', text('cu.city')],
  ['state', text('cu.state')],
  ['country', text('cu.country')],
  ['phoneNumber', text('cu.phone')],
  ['newsletter', bool('cu.newsletter')],
  ['registered', bool('cu.registered')],
  ['created', text('cu.created')],
  ['modified', text('cu.modified')],
]);
