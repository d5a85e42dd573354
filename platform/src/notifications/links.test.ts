import { describe, expect, it } from 'vitest';
import { customerAppPath, customerAppUrl } from './links';

describe('notification links into the customer app', () => {
  const id = '0b9c6f3e-3a1d-4c53-9d7e-2f1c0a8b7e61';
  const other = '5d1e2c4b-7a8f-4e3d-9c2b-1a0f9e8d7c6b';

  it('an insight leads to its page on For you', () => {
    expect(customerAppPath(`insight:${id}`)).toBe(`/dashboard/for-you/insights/${id}`);
  });

  it('a budget alert leads to the budgets on Budgets & goals; every other alert to the alerts panel', () => {
    expect(customerAppPath(`alert:${id}:over:2026-11-01`)).toBe('/dashboard/money-tools/budgets');
    expect(customerAppPath(`alert:${id}:below:${other}`)).toBe('/dashboard/money-tools/alerts');
    // A transaction above the threshold, and a payment matching a rule with action ALERT.
    expect(customerAppPath(`alert:${id}:tx:${other}`)).toBe('/dashboard/money-tools/alerts');
  });

  it('a consent reminder leads to the privacy page, where the consent is renewed', () => {
    expect(customerAppPath(`consent:${id}:2026-12-01T00:00:00.000Z`)).toBe('/privacy');
  });

  it('other subjects, and malformed ones, lead nowhere', () => {
    for (const subject of [
      null,
      '',
      'alert:1',
      `alert:${id}`,
      `alert:${id}:over:`,
      `alert:${id}:later:${other}`,
      `alert:${id}:tx:../admin`,
      `alert:${id}:tx:a/b`,
      `consent:${id}`,
      `consent:${id}:../admin`,
      'marketing:spring',
      'insight:',
      'insight:../admin',
      'insight:a/b',
    ]) {
      expect(customerAppPath(subject), String(subject)).toBeNull();
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
