import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import mobileExamples from 'libphonenumber-js/mobile/examples';
import type { CentraAddress } from '../upstream/centra.ts';
import { addressBody, type AddressBody } from './schemas.ts';
import { checkPostalCode, tidyPostalCode } from './postal-codes.ts';

const countryName = (code: string) => {
  try {
    return new Intl.DisplayNames('en', { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
};

/** A phone number read for the contract's country: `070-123 45 67` on a Swedish contract is +46701234567. */
function parsePhone(text: string, country: string) {
  const parsed = parsePhoneNumberFromString(text, country.toUpperCase() as CountryCode);
  return parsed?.isValid() ? parsed : null;
}

/** A mobile number of the country as people write it internationally, for the error message. */
const examplePhone = (country: string) => {
  try {
    return getExampleNumber(country.toUpperCase() as CountryCode, mobileExamples)?.formatInternational() ?? null;
  } catch {
    return null;
  }
};

const samePhone = (a: string, b: string, country: string) => {
  const x = parsePhone(a, country)?.number ?? a.replace(/[^\d+]/g, '');
  const y = parsePhone(b, country)?.number ?? b.replace(/[^\d+]/g, '');
  return x === y;
};

/**
 * The address schema for one contract: the shape and lengths of `addressBody`, plus a postal code
 * of the contract's country (postal-codes.ts) and a phone number valid for it (libphonenumber-js;
 * a number written with another country's prefix counts if it is valid there). Both are sent
 * tidied: the postal code in capitals, the phone number in E.164.
 *
 * What the contract already holds is not checked again: Centra accepted it, and an agent changing
 * the street must not be stopped by an old phone number they did not touch.
 */
export function addressBodyFor(contract: { shippingAddress: Pick<CentraAddress, 'country' | 'zipCode' | 'phoneNumber'> }) {
  const { country, zipCode: currentZip, phoneNumber: currentPhone } = contract.shippingAddress;
  const name = countryName(country);
  return addressBody
    .superRefine((a, ctx) => {
      if (tidyPostalCode(a.zipCode) !== tidyPostalCode(currentZip ?? '')) {
        const check = checkPostalCode(country, a.zipCode);
        if (!check.ok) {
          ctx.addIssue({
            code: 'custom',
            path: ['zipCode'],
            message: check.example
              ? `is not a postal code of ${name} (for example ${check.example})`
              : `is not a postal code (letters, digits, spaces and dashes only)`,
          });
        }
      }
      if (a.phoneNumber && !samePhone(a.phoneNumber, currentPhone ?? '', country) && !parsePhone(a.phoneNumber, country)) {
        const example = examplePhone(country);
        ctx.addIssue({
          code: 'custom',
          path: ['phoneNumber'],
          message: `is not a phone number of ${name}, nor one with its country code${example ? ` (for example ${example})` : ''}`,
        });
      }
    })
    .transform(
      (a): AddressBody => ({
        ...a,
        zipCode: tidyPostalCode(a.zipCode),
        phoneNumber: a.phoneNumber ? (parsePhone(a.phoneNumber, country)?.number ?? a.phoneNumber) : '',
      }),
    );
}
