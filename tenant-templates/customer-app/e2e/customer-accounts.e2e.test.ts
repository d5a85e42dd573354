// Ana signs in and sees that she has no accounts yet; once her bank data is there (stored as ingest stores
// it, personal fields encrypted), she sees her accounts with balances and pages and filters her transactions.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAndPreview, DEMO, launchBrowser, type ServedApp, type TestBrowser } from '@finpersona/deploy';
import { startDemoBankApi, type DemoBankApi } from '@finpersona/platform/testing';

const root = fileURLToPath(new URL('..', import.meta.url));
const artifacts = fileURLToPath(new URL('../test-artifacts', import.meta.url));
/** Ana's subject in the demo realm (`deploy/keycloak/demo-bank.realm.json`). */
const anaSubject = DEMO.bank.customer.id;

let api: DemoBankApi;
let app: ServedApp;
let browser: TestBrowser;

beforeAll(async () => {
  api = await startDemoBankApi('customer_accounts_e2e', ['http://localhost:15174', 'http://127.0.0.1:15174']);
  app = await buildAndPreview({
    root,
    port: Number(process.env.CUSTOMER_APP_PORT ?? 15174),
    env: { VITE_API_URL: api.url, VITE_TENANT_SLUG: DEMO.bank.slug },
  });
  browser = await launchBrowser(artifacts);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await api?.stop();
});

describe('customer app: accounts', () => {
  it('shows the empty state, then accounts with balances and transactions with load more and filters', async () => {
    const { page } = browser;
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) =>
      url.href.startsWith(`${process.env.KEYCLOAK_URL}/realms/${DEMO.bank.realm}/`),
    );
    await page.locator('#username').fill(DEMO.bank.customer.username);
    await page.locator('#password').fill(DEMO.bank.customer.password);
    await page.locator('#kc-login').click();

    const empty = page.getByTestId('accounts-empty');
    await empty.waitFor({ timeout: 30_000 });
    expect(await empty.textContent()).toContain('No accounts connected yet');
    expect(await page.getByRole('button', { name: 'Connect an account' }).isVisible()).toBe(true);
    await browser.screenshot('customer-app-accounts-empty');

    await api.seedSourceData(anaSubject, {
      accounts: [
        {
          sourceId: 'acc-current',
          type: 'current',
          currency: 'EUR',
          name: 'Classic current account',
          identifiers: [{ scheme: 'IBAN', value: 'SI56 1910 0000 0123 438' }],
        },
        {
          sourceId: 'acc-savings',
          type: 'savings',
          currency: 'EUR',
          name: 'Rainy day savings',
          identifiers: [{ scheme: 'IBAN', value: 'SI56 1910 0000 0999 911' }],
        },
      ],
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
    expect(await rows.first().textContent()).toContain('2026-11-20');
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
