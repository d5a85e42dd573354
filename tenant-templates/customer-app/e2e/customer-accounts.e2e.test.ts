// Ana signs in and sees that she has no accounts yet; once her bank data is there (stored as ingest stores
// it, personal fields encrypted), she sees her accounts with balances and pages and filters her transactions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '@finpersona/deploy';
import { sampleAccounts } from '@finpersona/platform/testing';
import { type CustomerAppRun, signInAsAna, startCustomerApp } from './fixture.ts';

/** Ana's subject in the demo realm (`deploy/keycloak/demo-bank.realm.json`). */
const anaSubject = DEMO.bank.customer.id;

let run: CustomerAppRun;

beforeAll(async () => {
  run = await startCustomerApp('customer_accounts_e2e');
});

afterAll(async () => {
  await run?.close();
});

describe('customer app: accounts', () => {
  it('shows the empty state, then accounts with balances and transactions with load more and filters', async () => {
    const { api, app, browser } = run;
    const { page } = browser;
    await page.goto(app.url);
    await signInAsAna(page);

    const empty = page.getByTestId('accounts-empty');
    await empty.waitFor({ timeout: 30_000 });
    expect(await empty.textContent()).toContain('No accounts connected yet');
    expect(await page.getByRole('button', { name: 'Connect an account' }).isVisible()).toBe(true);
    await browser.screenshot('customer-app-accounts-empty');

    await api.seedSourceData(anaSubject, {
      accounts: sampleAccounts,
      balances: [
        {
          sourceAccountId: 'acc-current',
          type: 'available',
          amount: { minor: '123450', currency: 'EUR' },
          asOf: '2026-11-20T00:00:00Z',
        },
        {
          sourceAccountId: 'acc-savings',
          type: 'booked',
          amount: { minor: '500000', currency: 'EUR' },
          asOf: '2026-11-20T00:00:00Z',
        },
      ],
      transactions: Array.from({ length: 25 }, (_, index) => ({
        sourceId: `tx-${index}`,
        sourceAccountId: index % 5 === 0 ? 'acc-savings' : 'acc-current',
        amount: { minor: String(250 * (index + 1)), currency: 'EUR' },
        direction: index % 5 === 0 ? ('credit' as const) : ('debit' as const),
        status: 'booked' as const,
        bookingDate: `2026-11-${String(1 + (index % 20)).padStart(2, '0')}`,
        counterparty: { name: index % 5 === 0 ? 'Employer d.o.o.' : `Shop ${index}` },
        description: `Card payment ${index}`,
      })),
    });
    await page.reload();

    const accounts = page.getByTestId('account-list');
    await accounts.waitFor({ timeout: 30_000 });
    const accountsText = await accounts.textContent();
    expect(accountsText).toContain('Classic current account •••• 3438');
    expect(accountsText).toContain('1,234.50');
    expect(accountsText).toContain('5,000.00');
    // Never the full account number.
    expect(accountsText).not.toContain('0123 438');

    const rows = page.getByTestId('transaction-list').locator('li');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(20);
    // The day in the browser's locale ("Nov 20, 2026" in en-US), the machine-readable date beside it.
    expect(await rows.first().locator('time').getAttribute('datetime')).toBe('2026-11-20');
    const browserDay = await page.evaluate(() =>
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date('2026-11-20T00:00:00Z'),
      ),
    );
    expect(browserDay).toMatch(/20/);
    expect(await rows.first().locator('time').textContent()).toBe(browserDay);
    await browser.screenshot('customer-app-accounts');

    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(25);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await page.getByLabel('Direction').selectOption('CREDIT');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(5);
    for (const text of await rows.allTextContents()) expect(text).toContain('Employer d.o.o.');
    await browser.screenshot('customer-app-transactions-filtered');
  });
});
