// The Products page against the real API, Keycloak and PostgreSQL (the demo bank, region EU, with only its
// region's compliance rule pack installed: no product catalogue yet). A bank administrator finds the empty
// state pointing to Plugins, installs and enables the retail catalogue there, and reads the default EU
// catalogue: its source and version, example figures, money and rates as written, two pages by cursor, the
// type filter and a product's details; with the products query out of reach the page says so and "Try again"
// loads it. A compliance officer reads the same catalogue without the plugin's source or a Plugins link. No
// bank staff role is refused products (role matrix), so no "not allowed" case here. With the whole API out of
// reach on a first load, a bank administrator reads that the service cannot be reached (not react-admin's
// Loading or "Not Found"), stays signed in, and "Try again" brings the portal back once the API answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, refuseGraphql, type ServedApp, type TestBrowser } from '@finpersona/deploy';
import {
  notification,
  pageScrollsSideways,
  type Portal,
  settled,
  signIn,
  signOut,
  startPortal,
  staffMenus,
} from './portal.ts';

let portal: Portal;
let app: ServedApp;
let browser: TestBrowser;

beforeAll(async () => {
  portal = await startPortal('admin_products_e2e');
  ({ app, browser } = portal);
});

afterAll(async () => {
  await portal?.close();
});

const productNames = () => browser.page.getByTestId('product-name').allTextContents();
const productRow = (name: string) =>
  browser.page.locator('tbody tr', {
    has: browser.page.getByTestId('product-name').getByText(name, { exact: true }),
  });
/** A figures cell's lines, e.g. a product's rates. */
const cellLines = (name: string, cell: string) =>
  productRow(name).getByTestId(cell).locator(':scope > *').allTextContents();
const menuEntries = () => browser.page.getByRole('menuitem').allTextContents();

/** The default EU catalogue of catalogue-retail, in the API's order (catalogue, then product id). */
const euCatalogue = [
  'Everyday Account', // EU-CA-EVERYDAY
  'Classic Credit Card', // EU-CC-CLASSIC
  'Global Equity Index Fund', // EU-IF-GLOBAL
  'Home Contents Insurance', // EU-IN-HOME
  'Home Loan 10-year fixed', // EU-MG-FIX10
  'Personal Loan', // EU-PL-FLEX
  'Flex Savings', // EU-SA-FLEX
  'Fixed Term Deposit 12 months', // EU-TD-12M
];

describe('products page', () => {
  it('leads a bank administrator from the empty state to Plugins, then lists the enabled catalogue', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.admin);
    await expect.poll(menuEntries).toEqual([...staffMenus.bankAdmin]);
    await page.getByRole('menuitem', { name: 'Products' }).click();

    // No catalogue plugin enabled: said so, with the way to Plugins.
    const empty = page.getByTestId('products-empty');
    await empty.waitFor({ timeout: 30_000 });
    expect(await empty.textContent()).toContain('No product-catalogue plugin is enabled');
    await page.getByTestId('products-plugins-link').waitFor();
    await settled();
    await browser.screenshot('admin-products-empty');

    // Install and enable the retail catalogue on the Plugins page (no settings: its region's default catalogue).
    await page.getByTestId('products-plugins-link').click();
    await page.waitForURL(`${app.url}/plugins`);
    const retail = page.locator('[data-testid="plugin-available"][data-plugin="catalogue-retail"]');
    await retail.waitFor({ timeout: 30_000 });
    await retail.getByTestId('plugin-install').click();
    await page.getByTestId('plugin-settings-confirm').click();
    await notification(page, 'Retail product catalogue is installed, disabled until you enable it');
    const installed = page.locator('[data-testid="plugin-installed"][data-plugin="catalogue-retail"]');
    await installed.getByTestId('plugin-enable').click();
    await notification(page, 'Retail product catalogue is enabled');

    await page.getByRole('menuitem', { name: 'Products' }).click();
    await expect.poll(productNames, { timeout: 30_000 }).toEqual(euCatalogue);
    expect(await page.getByTestId('products-source').textContent()).toBe(
      'From Retail product catalogue 0.1.0 (catalogue-retail)',
    );
    expect(await page.getByTestId('products-illustrative').textContent()).toContain('Example figures');
    // Money in its currency, rates and percentage fees from basis points.
    expect(await cellLines('Everyday Account', 'product-fees')).toEqual([
      'Account maintenance €4.90 a month',
      'Card replacement €15.00 each time',
      'Foreign transaction 1.75% each time',
    ]);
    expect(await cellLines('Flex Savings', 'product-rates')).toEqual([
      'Interest 2.25% variable',
      'Interest 2.50% variable from €50,000.00',
    ]);
    expect(await cellLines('Personal Loan', 'product-limits')).toEqual([
      '€1,000.00 – €75,000.00',
      '1 – 8 years',
    ]);
    expect(await cellLines('Classic Credit Card', 'product-eligibility')).toEqual([
      'Age 18+',
      'Income from €18,000.00 a year',
      'Hard credit check',
    ]);
    // The table fits beside the menu: the page never scrolls sideways.
    expect(await pageScrollsSideways(browser.page)).toBe(false);
    await settled();
    await browser.screenshot('admin-products');

    // Five a page: two pages by the API's cursors.
    await page.getByRole('combobox', { name: 'Rows per page:' }).click();
    await page.getByRole('option', { name: '5', exact: true }).click();
    await expect.poll(productNames, { timeout: 30_000 }).toEqual(euCatalogue.slice(0, 5));
    await page.getByRole('button', { name: 'Go to next page' }).click();
    await expect.poll(productNames, { timeout: 30_000 }).toEqual(euCatalogue.slice(5));
    expect(await page.getByText('6-8 of 8').count()).toBe(1);
    await settled();
    await browser.screenshot('admin-products-page-2');

    // Back to 25 a page (the first page again). The region filter: the default EU catalogue offers nothing in
    // the UK, all in the EU.
    await page.getByRole('combobox', { name: 'Rows per page:' }).click();
    await page.getByRole('option', { name: '25', exact: true }).click();
    await expect.poll(productNames, { timeout: 30_000 }).toEqual(euCatalogue);
    await page.getByRole('combobox', { name: 'Offered in' }).click();
    await page.getByRole('option', { name: 'UK', exact: true }).click();
    // react-admin's own filtered-empty message.
    await page.getByText(/found using the current filters/).waitFor({ timeout: 30_000 });
    expect(await productNames()).toEqual([]);
    await settled();
    await browser.screenshot('admin-products-uk-none');
    await page.getByRole('combobox', { name: 'Offered in' }).click();
    await page.getByRole('option', { name: 'EU', exact: true }).click();
    await expect.poll(productNames, { timeout: 30_000 }).toEqual(euCatalogue);
    // The type filter; a row opens its details and documents.
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'Mortgage' }).click();
    await expect.poll(productNames, { timeout: 30_000 }).toEqual(['Home Loan 10-year fixed']);
    const mortgage = productRow('Home Loan 10-year fixed');
    expect(await cellLines('Home Loan 10-year fixed', 'product-rates')).toEqual([
      'Interest 3.45% fixed for 10 years',
      'APR 3.62% fixed',
    ]);
    expect(await cellLines('Home Loan 10-year fixed', 'product-eligibility')).toContain('LTV up to 90.00%');
    await mortgage.getByTestId('product-name').click();
    const details = page.getByTestId('product-details');
    await details.waitFor();
    expect(await details.innerText()).toContain('EU-MG-FIX10');
    expect(await details.innerText()).toContain('30 countries');
    expect(await details.innerText()).toContain('The loan must be repaid before the borrower turns 80');
    expect(
      await details
        .getByRole('link', { name: 'European Standardised Information Sheet (ESIS)' })
        .getAttribute('href'),
    ).toBe('https://docs.finpersona.example/catalogue-retail/eu/eu-mg-fix10/pre-contract.pdf');
    await settled();
    await browser.screenshot('admin-products-mortgage');

    // The products query out of reach: the page says so, and "Try again" loads it once the API answers.
    // (react-admin keeps a list's filter for the session: the address clears it.)
    const answerProducts = await refuseGraphql(page, 'query ProductsPage');
    await page.goto(`${app.url}/products?filter=${encodeURIComponent('{}')}`);
    const error = page.getByTestId('products-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toMatch(/^Products could not be loaded/);
    await settled();
    await browser.screenshot('admin-products-error');
    await answerProducts();
    await error.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(productNames, { timeout: 30_000 }).toEqual(euCatalogue);
    await signOut(portal);
  });

  it('lists the catalogue for a compliance officer, without the plugin source or a way to Plugins', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.complianceOfficer);
    await expect.poll(menuEntries).toEqual([...staffMenus.complianceOfficer]);
    await page.getByRole('menuitem', { name: 'Products' }).click();
    await expect.poll(productNames, { timeout: 30_000 }).toEqual(euCatalogue);
    expect(await page.getByTestId('products-source').count()).toBe(0);
    expect(await page.getByTestId('products-plugins-link').count()).toBe(0);
    expect(await cellLines('Fixed Term Deposit 12 months', 'product-rates')).toEqual([
      'Interest 2.60% fixed for 1 year',
    ]);
    await settled();
    await browser.screenshot('admin-products-compliance');
    await signOut(portal);
  });

  it('says plainly that the service cannot be reached when the API is down, and comes back on Try again', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.admin);
    await expect.poll(menuEntries).toEqual([...staffMenus.bankAdmin]);

    // The API down on a first load: who is signed in (`me`) cannot be asked.
    const answer = await refuseGraphql(page);
    await page.goto(`${app.url}/products`);
    const unreachable = page.getByTestId('api-unreachable');
    await unreachable.waitFor({ timeout: 60_000 });
    const retry = unreachable.getByTestId('api-unreachable-retry');
    // Still so once TanStack Query has given up retrying (about 7 s): not "Not Found", no menu, not signed out.
    // (Meanwhile the button reads "Trying again…", disabled.)
    const retryReady = async () => (await retry.isEnabled()) && (await retry.textContent());
    await expect.poll(retryReady, { timeout: 60_000 }).toBe('Try again');
    expect(await unreachable.getByTestId('api-unreachable-message').textContent()).toBe(
      'The FinPersona service cannot be reached right now. Nothing you entered was lost; try again in a moment.',
    );
    expect(await page.getByText('Not Found').count()).toBe(0);
    expect(await page.getByText('Loading').count()).toBe(0);
    expect(await page.getByRole('menuitem').count()).toBe(0);
    expect(page.url()).toBe(`${app.url}/products`);
    await settled();
    await browser.screenshot('admin-api-unreachable');

    // The API answers again: Try again brings the portal back, without signing in again.
    await answer();
    await retry.click(); // (waits for the button if a last retry is under way)
    await expect.poll(menuEntries, { timeout: 30_000 }).toEqual([...staffMenus.bankAdmin]);
    // The page's own state: the catalogue, or its empty state when this test runs alone.
    await page
      .getByTestId('products-empty')
      .or(page.getByTestId('product-name').first())
      .waitFor({ timeout: 30_000 });
    expect(await unreachable.count()).toBe(0);
    expect(page.url()).toBe(`${app.url}/products`);
    await settled();
    await browser.screenshot('admin-api-unreachable-back');
    await signOut(portal);
  });
});
