import { describe, expect, it } from 'vitest';
import { customerAppPath, customerAppUrl } from './links';

describe('notification links into the customer app', () => {
  it('an insight leads to its page on For you; other subjects to none', () => {
    const id = '0b9c6f3e-3a1d-4c53-9d7e-2f1c0a8b7e61';
    expect(customerAppPath(`insight:${id}`)).toBe(`/dashboard/for-you/insights/${id}`);
    for (const subject of [null, '', 'alert:1', 'consent:1', 'insight:', 'insight:../admin', 'insight:a/b']) {
      expect(customerAppPath(subject)).toBeNull();
    }
  });

  it("e-mail links are absolute on the bank's first customer-app origin, or absent", () => {
    const path = '/dashboard/for-you/insights/abc';
    expect(customerAppUrl(['https://app.bank.example', 'https://m.bank.example'], path)).toBe(
      'https://app.bank.example/dashboard/for-you/insights/abc',
    );
    expect(customerAppUrl([], path)).toBeNull();
    expect(customerAppUrl(['https://app.bank.example'], null)).toBeNull();
  });
});
