import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A stored number as people read it: "+46701234567" → "+46 70 123 45 67"; anything unreadable as it is. */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  return parsePhoneNumberFromString(phone)?.formatInternational() ?? phone;
}
