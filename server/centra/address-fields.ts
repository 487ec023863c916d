/**
 * The fields of a Centra contract's shipping address as the address form shows them: the label
 * an error names, and the most each may hold. Pure data, read by the server's schema
 * (address.ts) and the SPA's form, so a message and the field beside it say the same word.
 */
export const ADDRESS_FIELDS = {
  firstName: { label: 'First name', max: 50 },
  lastName: { label: 'Last name', max: 50 },
  address1: { label: 'Address line 1', max: 70 },
  address2: { label: 'Address line 2', max: 70 },
  zipCode: { label: 'Postal code', max: 12 },
  city: { label: 'City', max: 50 },
  phoneNumber: { label: 'Phone number', max: 25 },
  email: { label: 'E-mail', max: 254 },
} as const;

export type AddressField = keyof typeof ADDRESS_FIELDS;

/** Labels by key, `country` too (a request carrying one is refused by name). */
export const ADDRESS_LABELS: Record<AddressField | 'country', string> = {
  ...(Object.fromEntries(Object.entries(ADDRESS_FIELDS).map(([k, v]) => [k, v.label])) as Record<AddressField, string>),
  country: 'Country',
};
