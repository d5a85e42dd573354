import { describe, expect, it } from 'vitest';
import { decodeCounterparty, encodeCounterparty, maskIdentifier } from './transactions.fields';

describe('personal fields of account data', () => {
  it('round-trip a counterparty, and read a plain (non-JSON) value as the name', () => {
    const counterparty = { name: 'Spar Ljubljana', account: 'SI56 1910 0000 0123 438' };
    expect(decodeCounterparty(encodeCounterparty(counterparty))).toEqual(counterparty);
    expect(decodeCounterparty(encodeCounterparty({ name: 'Only a name' }))).toEqual({
      name: 'Only a name',
      account: null,
    });
    expect(decodeCounterparty('Landlord Ltd')).toEqual({ name: 'Landlord Ltd', account: null });
    expect(decodeCounterparty('["not","an","object"]')).toEqual({
      name: '["not","an","object"]',
      account: null,
    });
  });

  it('mask an identifier to its last four characters, never more', () => {
    expect(maskIdentifier([{ scheme: 'IBAN', value: 'SI56 1910 0000 0123 438' }])).toBe('•••• 3438');
    expect(maskIdentifier([])).toBeNull();
  });
});
