// Ana's browser prefers Slovenian (sl-SI): the app speaks it from the first page, formats figures as sl-SI,
// shows the Slovenian consent text and grants it in `sl` (so the consent's proof — and from it her insights —
// carries her language), and the texts the API writes (category labels, a refused amount's problem) come in
// Slovenian too; the header's switcher then changes the app to English and remembers it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '@finpersona/deploy';
import { sampleAccounts } from '@finpersona/platform/testing';
import { type CustomerAppRun, pageOverflows, signInAsAna, startCustomerApp } from './fixture.ts';

const anaSubject = DEMO.bank.customer.id;

// The page's own globals, typed loosely (the e2e code is compiled without the DOM library).
interface PageGlobals {
  sessionStorage: { length: number; key(index: number): string | null; getItem(key: string): string | null };
}

let run: CustomerAppRun;

beforeAll(async () => {
  run = await startCustomerApp('customer_i18n_e2e', [], { locale: 'sl-SI' });
});

afterAll(async () => {
  await run?.close();
});

/** The signed-in customer's consents as the API returns them, with the token the app holds. */
async function consentsOfAna(): Promise<{ purpose: string; locale: string | null; textVersion: string }[]> {
  const { page } = run.browser;
  const token = await page.evaluate(() => {
    const { sessionStorage } = globalThis as unknown as PageGlobals;
    for (let index = 0; index < sessionStorage.length; index += 1) {
      const key = sessionStorage.key(index);
      if (key?.startsWith('oidc.user:'))
        return (JSON.parse(sessionStorage.getItem(key) ?? '{}') as { access_token?: string }).access_token;
    }
    return undefined;
  });
  expect(token).toBeTruthy();
  const response = await fetch(`${run.api.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-tenant': DEMO.bank.slug,
    },
    body: JSON.stringify({ query: '{ consents { purpose locale textVersion } }' }),
  });
  const body = (await response.json()) as {
    data: { consents: { purpose: string; locale: string | null; textVersion: string }[] };
  };
  return body.data.consents;
}

/** The page is no wider than the window: nothing (a long Slovenian word, a button) pushes it sideways. */
const overflows = () => pageOverflows(run.browser.page);

/** Whether the element is wholly inside the window (runs in the page). */
const inWindow = (element: unknown) => {
  const { top, bottom } = (
    element as { getBoundingClientRect(): { top: number; bottom: number } }
  ).getBoundingClientRect();
  return top >= 0 && bottom <= (globalThis as unknown as { innerHeight: number }).innerHeight;
};

describe('customer app: languages', () => {
  it('speaks Slovenian to a sl-SI browser, grants the Slovenian consent text in sl, and switches to English', async () => {
    const { api, app, browser } = run;
    const { page } = browser;
    await page.goto(app.url);
    await page
      .getByRole('heading', { name: 'Dobrodošli v spletni banki Demo Bank' })
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('sl');
    await browser.screenshot('customer-app-sl-landing');

    await signInAsAna(page, undefined, 'Prijava');
    const empty = page.getByTestId('accounts-empty');
    await empty.waitFor({ timeout: 30_000 });
    expect(await empty.textContent()).toContain('Povezanega računa še nimate');
    const tab = (name: string) =>
      page.getByRole('navigation', { name: 'Nadzorna plošča' }).getByRole('link', { name });
    expect(await tab('Pregled').getAttribute('aria-current')).toBe('page');

    await api.seedSourceData(anaSubject, {
      accounts: sampleAccounts,
      balances: [
        {
          sourceAccountId: 'acc-current',
          type: 'available',
          amount: { minor: '1234550', currency: 'EUR' },
          asOf: '2026-11-20T00:00:00Z',
        },
      ],
      transactions: [
        {
          sourceId: 'tx-sl-1',
          sourceAccountId: 'acc-current',
          amount: { minor: '4250', currency: 'EUR' },
          direction: 'debit' as const,
          status: 'booked' as const,
          bookingDate: '2026-11-20',
          counterparty: { name: 'Mercator d.d.' },
          description: 'Nakup s kartico',
        },
      ],
    });
    await page.reload();
    const accounts = page.getByTestId('account-list');
    await accounts.waitFor({ timeout: 30_000 });
    // sl-SI: a dot groups thousands (from five digits on, as CLDR has it for Slovenian), a comma before the
    // cents, the euro sign after the amount.
    expect(await accounts.textContent()).toMatch(/12\.345,50\s€/);
    const row = page.getByTestId('transaction-list').locator('li').first();
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toMatch(/−42,50\s€|-42,50\s€/);
    expect(await row.locator('time').textContent()).toBe('20. nov. 2026');
    await browser.screenshot('customer-app-sl-dashboard');

    await page.getByRole('button', { name: 'Zasebnost in privolitve' }).click();
    await page
      .getByRole('heading', { name: 'Zasebnost in privolitve', level: 1 })
      .waitFor({ timeout: 15_000 });
    // The seeded aggregation consent, listed in Slovenian.
    await page
      .locator('table.consents tr', { hasText: 'Povezani računi' })
      .filter({ hasText: 'Veljavna' })
      .waitFor();
    await page
      .locator('.tile', { hasText: 'Izboljšanje storitev' })
      .getByRole('button', { name: 'Dajte privolitev' })
      .click();
    const confirmation = page.getByTestId('consent-confirmation');
    await confirmation.waitFor();
    // The platform's Slovenian text (consent-texts.ts), not the English one.
    expect(await confirmation.textContent()).toContain(
      'Banki dovoljujem, da moje podatke, brez imena in kontaktnih podatkov, uporablja za merjenje in izboljšanje svojih storitev.',
    );
    await browser.screenshot('customer-app-sl-consent-text');
    await confirmation.getByRole('button', { name: 'Strinjam se' }).click();
    await page.locator('table.consents tr', { hasText: 'Izboljšanje storitev' }).waitFor({ timeout: 15_000 });
    const analytics = (await consentsOfAna()).find((consent) => consent.purpose === 'ANALYTICS');
    expect(analytics).toMatchObject({ locale: 'sl', textVersion: '2026-11' });
    await browser.screenshot('customer-app-sl-privacy');

    // A phone: the header's menu and the page's buttons wrap instead of pushing the page sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflows()).toBe(false);
    // Each consent stacked as a card: its Revoke button in view, not scrolled off to the right.
    const revoke = page
      .locator('table.consents tr', { hasText: 'Izboljšanje storitev' })
      .getByRole('button', { name: 'Prekličite' });
    const box = await revoke.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await browser.screenshot('customer-app-sl-privacy-390');
    // Its confirmation opens under the tiles, far below: it comes into view instead of off-screen.
    await revoke.click();
    await confirmation.waitFor();
    await expect.poll(() => confirmation.evaluate(inWindow)).toBe(true);
    await browser.screenshot('customer-app-sl-revoke-390');
    await confirmation.getByRole('button', { name: 'Opustite' }).click();
    await confirmation.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Pregled' }).click();
    await accounts.waitFor({ timeout: 15_000 });
    expect(await overflows()).toBe(false);
    await browser.screenshot('customer-app-sl-dashboard-390');
    // The pages with the most buttons: Budgets & goals and Rules, their longer Slovenian labels included.
    await tab('Proračuni in cilji').click();
    await page.getByTestId('budgets-empty').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Nov proračun' }).click();
    const budgetForm = page.getByTestId('budget-form');
    await budgetForm.waitFor();
    expect(await overflows()).toBe(false);
    await browser.screenshot('customer-app-sl-tools-390');
    // The API writes its texts in the app's language (Accept-Language): the taxonomy's category labels …
    const category = budgetForm.getByLabel('Kategorija');
    await expect.poll(() => category.locator('option[value="groceries"]').textContent()).toBe('Živila');
    // … and the problems it finds: an amount over its limit (the app's own checks let it through).
    await category.selectOption('groceries');
    await budgetForm.getByLabel('Mesečna meja').fill('99999999999999999');
    await budgetForm.getByRole('button', { name: 'Shranite proračun' }).click();
    await expect
      .poll(() => page.locator('#budget-amount-problem').textContent(), { timeout: 15_000 })
      .toMatch(/^Mora biti celo število stotinov med 1 in 1000000000000000/);
    expect(await overflows()).toBe(false);
    await browser.screenshot('customer-app-sl-budget-api-problem-390');
    await budgetForm.getByRole('button', { name: 'Opustite' }).click();
    await tab('Pravila').click();
    await page.getByTestId('rules-empty').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('suggestions-empty').textContent()).toContain('Trenutno ni predlogov.');
    expect(await overflows()).toBe(false);
    await browser.screenshot('customer-app-sl-rules-390');
    // Why there are no recommendations, in the API's Slovenian (no personalisation consent yet).
    await tab('Za vas').click();
    await page
      .getByText('Priporočila so osebna: za ogled dajte privolitev za prilagajanje v središču za zasebnost.')
      .waitFor({ timeout: 15_000 });
    expect(await overflows()).toBe(false);
    await browser.screenshot('customer-app-sl-for-you-390');
    await tab('Pregled').click();
    await page.setViewportSize({ width: 1280, height: 800 });

    // The customer's own choice wins over the browser's, and is remembered.
    await page.getByRole('combobox', { name: 'Jezik' }).selectOption('en');
    await tab('Pregled').waitFor({ state: 'detached' });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const english = (name: string) =>
      page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name });
    expect(await english('Overview').getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('button', { name: 'Privacy & consents' }).isVisible()).toBe(true);
    // The API's texts follow the switch: the category labels are loaded again, in English.
    await english('Budgets & goals').click();
    await page.getByRole('button', { name: 'New budget' }).click();
    await expect
      .poll(() =>
        page
          .getByTestId('budget-form')
          .getByLabel('Category')
          .locator('option[value="groceries"]')
          .textContent(),
      )
      .toBe('Groceries');
    await english('Overview').click();
    await page.reload();
    await english('Overview').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('en');
    await accounts.waitFor({ timeout: 15_000 });
    await browser.screenshot('customer-app-sl-switched-to-en');
  });
});
