import type { FactorKind } from '../../login/signInSteps.ts';

/** Sign-in methods: one's own password, second factors and recovery codes. */
export const security = {
  security: {
    title: 'Sign-in methods',
    unreadable: 'Your sign-in methods could not be read.',
    password: 'Password',
    factors: 'Second factors',
    required: 'Your role requires at least one: it is asked for after your password at every sign-in.',
    optional: 'Optional for your role. Once you add one, it is asked for after your password at every sign-in.',
    passkeysElsewhere: 'Passkeys work only at %{origin}, and this page is open at another address: passkeys cannot be added or used here.',
    /** The kinds of second factor, as a table or a list names them. */
    kinds: { passkey: 'Passkey', totp: 'Authenticator app' } satisfies Record<FactorKind, string>,
    factorsTable: 'Your second factors',
    columns: { kind: 'Kind', name: 'Name', added: 'Added', lastUsed: 'Last used', actions: 'Actions' },
    never: 'never',
    remove: 'Remove',
    removeNamed: 'Remove %{label}',
    keepOne: 'Your role must keep a second factor: add another one first.',
    none: 'No second factor yet: your password alone signs you in.',
    add: 'Add a passkey or app',
    recoveryCodes: 'Recovery codes',
    codesLeft: '%{left} of 10 left. Each works once at sign-in when your passkey or app is not at hand.',
    codesComeWithFirst: 'They come with your first second factor.',
    newCodes: 'Get new recovery codes',
    addTitle: 'Add a second factor',
    added: { passkey: 'Passkey added.', totp: 'Authenticator app added.' } satisfies Record<FactorKind, string>,
    codesTitle: 'Your recovery codes',
    done: 'Done',
    removeTitle: 'Remove %{label}?',
    removeText: 'It no longer signs you in. Type your password to confirm.',
    removeLastText:
      'It no longer signs you in. It is your last second factor: your recovery codes go with it, and your password alone signs you in. Type your password to confirm.',
    removed: '%{label} removed.',
    renewTitle: 'Get new recovery codes?',
    renewConfirm: 'Get new codes',
    renewText: 'Your current recovery codes stop working at once. Type your password to confirm.',
    yourPassword: 'Your password',
  },
};
