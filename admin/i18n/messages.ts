/**
 * The shape every language's messages take: the English messages (en.ts) name every key, and
 * another language's file is typed `Messages<typeof enMessages>`, so a key missing there (or one
 * English no longer has) fails `tsc`.
 */
export type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

/** Every key of a messages object, dotted as polyglot reads it: 'menu.customers'. */
export type KeyOf<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : KeyOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Values for a message's %{placeholders}; `smart_count` also picks the plural ("a |||| b"). */
export type MessageParams = Record<string, string | number>;

/** The messages flattened to `{ 'menu.customers': 'Customers' }`, as the tests compare them. */
export function flatten(messages: object, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') flat[`${prefix}${key}`] = value;
    else Object.assign(flat, flatten(value as object, `${prefix}${key}.`));
  }
  return flat;
}
