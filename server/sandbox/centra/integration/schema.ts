import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * Centra's Integration API as far as the sandbox emulates it: the subscription types and the
 * classic list arguments of Centra's public GraphQL reference (docs/upstreams.md, "Centra,
 * Integration API"). Where the reference names a type but not its fields (`DateRange`,
 * `StringMatch`, the sort enum, `Country`), the shape here is the sandbox's own choice and is
 * marked so: subdesk's client never relies on it, it reads the schema by introspection first.
 */
const SDL = /* GraphQL */ `
  "Y-m-dTH:i:sP"
  scalar DateTimeTz
  "Y-m-d"
  scalar Date

  enum SubscriptionStatus { ACTIVE PAUSED CANCELLED }
  enum DateIntervalType { DAY WEEK MONTH YEAR }
  enum SubscriptionPaymentStatus { ACTIVE REVOKED SUSPENDED }
  enum AttentionReason { NOT_PURCHASABLE NO_MARKET NO_SHIPPING OUT_OF_STOCK PAYMENT_DECLINED PAYMENT_REVOKED UNKNOWN }

  "Sandbox's choice: the reference gives the name and the <field>_ASC|<field>_DESC pattern."
  enum SubscriptionContractSort { id_ASC id_DESC createdAt_ASC createdAt_DESC updatedAt_ASC updatedAt_DESC }

  "Sandbox's choice of fields: the reference names the type only."
  input DateRange { from: DateTimeTz, to: DateTimeTz }
  "Sandbox's choice of fields: the reference names the type only."
  input StringMatch { equals: String, contains: String }

  input SubscriptionContractFilter {
    id: [Int!]
    customerId: [Int!]
    email: StringMatch
    createdAt: DateRange
    updatedAt: DateRange
    marketId: [Int!]
    pricelistId: [Int!]
    shippingOptionId: [Int!]
    originatingOrderId: [String!]
  }

  type DateInterval { type: DateIntervalType! value: Int! }
  type Currency { code: String! }
  type MonetaryValue { value: Float! currency: Currency! formattedValue: String! }
  "Sandbox's choice of fields."
  type Country { code: String! name: String! }

  type Address {
    firstName: String
    lastName: String
    companyName: String
    address1: String
    address2: String
    zipCode: String
    city: String
    state: String
    country: Country
    email: String
    phoneNumber: String
  }

  type Customer { id: Int! email: String! firstName: String lastName: String phoneNumber: String }

  type SubscriptionPlan { id: Int! name: String! interval: DateInterval! discount: Float }

  type SubscriptionPayment { id: Int! paymentMethod: String! status: SubscriptionPaymentStatus! createdAt: DateTimeTz updatedAt: DateTimeTz }

  type Line {
    id: Int!
    item: String!
    name: String!
    productNumber: String
    productVariantName: String
    size: String
    quantity: Int!
    subscriptionId: Int
    unitPrice: MonetaryValue!
    lineValue: MonetaryValue!
  }

  type Subscription {
    id: Int!
    status: SubscriptionStatus!
    interval: DateInterval!
    plan: SubscriptionPlan
    discount: Float
    lines: [Line!]!
    nextOrderDate: Date
    nextRetryDate: Date
    needsAttention: Boolean!
    attentionReasons: [AttentionReason!]!
    tries: Int!
    isWaitingForPayment: Boolean!
    internalComment: String
    contract: SubscriptionContract!
    createdAt: DateTimeTz!
    updatedAt: DateTimeTz!
  }

  type SubscriptionContract {
    id: Int!
    createdAt: DateTimeTz!
    updatedAt: DateTimeTz!
    customer: Customer!
    shippingAddress: Address!
    internalComment: String
    subscriptions: [Subscription!]!
    subscriptionPayment(limit: Int = 20, page: Int = 1): [SubscriptionPayment!]!
  }

  enum EventObjectType { Customer Subscription SubscriptionContract SubscriptionPlan }
  enum EventChangeType { CREATED UPDATED DELETED DEPENDENT_DATA_CHANGED }
  input EventListenerInput { objectType: EventObjectType!, changeTypes: [EventChangeType!] }
  type EventListener { objectType: EventObjectType!, changeTypes: [EventChangeType!]! }
  input EventFilter { objectType: [EventObjectType!], changeType: [EventChangeType!] }
  union EventObject = Customer | Subscription | SubscriptionContract | SubscriptionPlan
  type Event {
    id: Int!
    objectType: EventObjectType!
    changeType: EventChangeType!
    objectReference: String!
    createdAt: DateTimeTz!
    "The object's state now; null when it is gone."
    object: EventObject
  }
  input ConfirmEventsInput { eventsIds: [Int!]! }
  "Sandbox's choice of payload fields: the reference names the mutations only."
  type UserError { message: String!, path: [String!] }
  type EventListenersPayload { eventListeners: [EventListener!]!, userErrors: [UserError!]! }
  type ConfirmEventsPayload { userErrors: [UserError!]! }

  type Query {
    "Classic list: where/sort/limit (1-200, default 20)/page (from 1)."
    subscriptionContracts(where: SubscriptionContractFilter, sort: [SubscriptionContractSort!], limit: Int = 20, page: Int = 1): [SubscriptionContract!]!
    subscriptionContract(id: Int!): SubscriptionContract
    eventListeners: [EventListener!]!
    "The oldest unconfirmed events of the token's integration."
    events(where: EventFilter, limit: Int = 20): [Event!]!
  }

  type Mutation {
    setEventListeners(input: [EventListenerInput!]!): EventListenersPayload!
    unsetEventListeners(input: [EventListenerInput!]!): EventListenersPayload!
    confirmEvents(input: ConfirmEventsInput!): ConfirmEventsPayload!
  }
`;

/** The schema as Centra documents it, and the same without the contract listing (a tenant whose API lacks it). */
export type IntegrationSchemas = { full: GraphQLSchema; withoutContracts: GraphQLSchema };

export function buildIntegrationSchemas(): IntegrationSchemas {
  const withoutContracts = SDL.replace(
    /^\s*"Classic list[^\n]*\n\s*subscriptionContracts\([^\n]*\n\s*subscriptionContract\([^\n]*\n/m,
    '\n    "Listing contracts is not offered by this tenant."\n    ping: Boolean\n',
  );
  if (withoutContracts === SDL) throw new Error('the sandbox schema without contracts could not be derived');
  return { full: buildSchema(SDL), withoutContracts: buildSchema(withoutContracts) };
}
