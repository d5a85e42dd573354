/**
 * Account identifiers that pass the checks real software runs on them: IBANs with correct ISO 13616
 * mod-97 check digits, card numbers with a correct Luhn digit, ABA routing numbers with a correct
 * checksum. National check digits inside a BBAN are not computed (no connector verifies them).
 */
import type { AccountIdentifier } from '@finpersona/plugin-sdk';
import type { Random } from './random';

function digits(random: Random, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += String(random.int(0, 9));
  return text;
}

function letters(random: Random, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += String.fromCharCode(65 + random.int(0, 25));
  return text;
}

/** ISO 7064 mod 97-10 over the IBAN's rearranged form, digit by digit (no big integers needed). */
function mod97(text: string): number {
  let remainder = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : char;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

export function ibanCheckDigits(country: string, bban: string): string {
  const check = 98 - mod97(`${bban}${country}00`);
  return check < 10 ? `0${check}` : String(check);
}

export function isValidIban(iban: string): boolean {
  return /^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/.test(iban) && mod97(`${iban.slice(4)}${iban.slice(0, 4)}`) === 1;
}

/** The sandbox bank's national bank codes and each country's BBAN layout. */
const bbanMakers: Readonly<Record<string, (random: Random) => string>> = {
  DE: (random) => `10020030${digits(random, 10)}`,
  FR: (random) => `30027${digits(random, 5)}${digits(random, 11)}${digits(random, 2)}`,
  ES: (random) => `2100${digits(random, 16)}`,
  IT: (random) => `${letters(random, 1)}03069${digits(random, 5)}${digits(random, 12)}`,
  NL: (random) => `SNDB${digits(random, 10)}`,
};

export function makeIban(country: string, random: Random): string {
  const maker = bbanMakers[country];
  if (!maker) throw new RangeError(`No IBAN layout for country ${country}.`);
  const bban = maker(random);
  return `${country}${ibanCheckDigits(country, bban)}${bban}`;
}

export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let digit = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidLuhn(number: string): boolean {
  return /^[0-9]{12,19}$/.test(number) && luhnCheckDigit(number.slice(0, -1)) === Number(number.slice(-1));
}

/** A 16-digit card number in the 400000 range (used by payment test cards, never issued to people). */
export function makeCardNumber(random: Random): string {
  const payload = `400000${digits(random, 9)}`;
  return `${payload}${luhnCheckDigit(payload)}`;
}

const abaWeights = [3, 7, 1, 3, 7, 1, 3, 7] as const;

function makeRoutingNumber(random: Random): string {
  const payload = `0${digits(random, 7)}`;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(payload[i]) * (abaWeights[i] ?? 0);
  return `${payload}${(10 - (sum % 10)) % 10}`;
}

/** The identifier a deposit or loan account has in `country`. */
export function makeAccountIdentifier(country: string, random: Random): AccountIdentifier {
  if (country === 'GB')
    return { scheme: 'SortCodeAccountNumber', value: `309${digits(random, 3)}${digits(random, 8)}` };
  // US accounts have no IBAN: routing number and account number, as a BBAN.
  if (country === 'US') return { scheme: 'BBAN', value: `${makeRoutingNumber(random)}${digits(random, 10)}` };
  return { scheme: 'IBAN', value: makeIban(country, random) };
}

/** A counterparty's account reference as statements print it (IBAN, sort code + account, or account). */
export function makeCounterpartyAccount(country: string, random: Random): string {
  return makeAccountIdentifier(country, random).value;
}
