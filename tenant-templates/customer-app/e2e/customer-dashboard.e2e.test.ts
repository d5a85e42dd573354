// Ana's dashboard in the branded app against the real API, Keycloak and PostgreSQL: first as a new customer
// (every page says what is missing), then with four months of her life seeded through the platform's fixtures
// (accounts, categorised transactions, behaviour recomputed, consents, catalogue, a champion model): spending
// against her usual month, recurring payments with a price rise, the forecast and a what-if, recommendations
// with their reasons; "not for me" round-trips to the bank's engagement figures; the budget form names its
// problems beside the fields, its own and the API's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '@finpersona/deploy';
import { type CustomerAppRun, signInAsAna, startCustomerApp } from './fixture.ts';

const anaSubject = DEMO.bank.customer.id;

let run: CustomerAppRun;

beforeAll(async () => {
  run = await startCustomerApp('customer_dashboard_e2e', [], { allowDevClient: true });
});

afterAll(async () => {
  await run?.close();
});

const tab = (name: string) =>
  run.browser.page.getByRole('navigation', { name: 'Dashboard' }).getByRole('button', { name });

describe('customer app: dashboard', () => {
  it('tells a new customer what each page needs, without errors', async () => {
    const { app, browser } = run;
    const { page } = browser;
    await page.goto(app.url);
    await signInAsAna(page);
    await page.getByTestId('accounts-empty').waitFor({ timeout: 30_000 });
    expect(await tab('Overview').getAttribute('aria-current')).toBe('page');

    await tab('Spending').click();
    const spending = page.getByTestId('spending-unavailable');
    await spending.waitFor({ timeout: 15_000 });
    expect(await spending.textContent()).toContain('consent to aggregate your accounts');
    // Said once for the page, not once per panel.
    expect(await page.getByText('consent to aggregate your accounts').count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
    await browser.screenshot('customer-app-dashboard-spending-empty');

    await tab('For you').click();
    const recommendations = page.getByTestId('recommendations-empty');
    await recommendations.waitFor({ timeout: 15_000 });
    expect(await recommendations.textContent()).toMatch(/personalis/i);
    await page.getByTestId('insights-empty').waitFor({ timeout: 15_000 });

    await tab('Budgets & goals').click();
    await page.getByTestId('budgets-empty').waitFor({ timeout: 15_000 });
    await page.getByTestId('goals-empty').waitFor();
    await page.getByTestId('alerts-empty').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await browser.screenshot('customer-app-dashboard-tools-empty');
  });

  it('shows her spending, recurring payments, forecast with a what-if and recommendations with reasons', async () => {
    const { api, browser } = run;
    const { page } = browser;
    await api.seedDashboardData(anaSubject);
    await page.reload();
    await page.getByTestId('account-list').waitFor({ timeout: 30_000 });

    await tab('Spending').click();
    const chart = page.locator('.spend-chart');
    await chart.waitFor({ timeout: 30_000 });
    const housing = chart.locator('tr[data-category="housing"]');
    expect(await housing.locator('th').textContent()).toBe('Housing');
    // This month 1,050.00 (the raised rent) against a usual 1,000.00.
    expect(await housing.textContent()).toMatch(/1,050\.00.*more than usual.*1,000\.00/);
    expect(await chart.locator('tr[data-category="groceries"]').count()).toBe(1);

    const recurring = page.getByTestId('recurring-list');
    await recurring.waitFor();
    const recurringText = await recurring.textContent();
    expect(recurringText).toContain('Landlord Ltd');
    expect(recurringText).toContain('Streamly');
    expect(await page.getByTestId('price-change').first().textContent()).toMatch(
      /up 5%.*1,000\.00.*1,050\.00/,
    );

    const forecast = page.getByTestId('forecast-chart');
    await forecast.waitFor();
    expect(await forecast.locator('svg').getAttribute('aria-label')).toMatch(
      /^Expected balance: .+ likely between/,
    );
    await page.getByRole('checkbox', { name: /Streamly/ }).check();
    await page.getByRole('checkbox', { name: /rent rises 5/ }).check();
    await page.getByRole('button', { name: 'Show what-if' }).click();
    const whatIf = page.getByTestId('what-if-result');
    await whatIf.waitFor({ timeout: 30_000 });
    expect(await whatIf.textContent()).toMatch(/In 30 days: .+ today’s way, .+ with your what-if/);
    await browser.screenshot('customer-app-dashboard-spending');

    await tab('For you').click();
    const insights = page.locator('.insight h3');
    await insights.first().waitFor({ timeout: 30_000 });
    // Newest first; the warning says so to screen readers too.
    expect(await insights.allTextContents()).toEqual(['Warning: Your rent went up', 'Money resting']);
    const cards = page.locator('.recommendation');
    await cards.first().waitFor({ timeout: 30_000 });
    expect(await cards.count()).toBeGreaterThan(0);
    for (const text of await cards.locator('.reason').allTextContents()) {
      expect(text).toMatch(
        /^Why you see this: (Your salary arrives every month and your spending is steady\.|Money stays in your current account from month to month\.)$/,
      );
    }
    expect(await cards.first().getByRole('button', { name: 'Not for me' }).count()).toBe(1);
    expect(await cards.first().getByRole('button', { name: 'Ask a person to review' }).count()).toBe(1);
    await browser.screenshot('customer-app-dashboard-for-you');
  });

  it('"Not for me" removes a recommendation, and the bank sees it dismissed', async () => {
    const { api, browser } = run;
    const { page } = browser;
    const cards = page.locator('.recommendation');
    const before = await cards.count();
    const productId = (await cards.first().getAttribute('data-product'))!;
    await cards.first().getByRole('button', { name: 'Not for me' }).click();
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBe(before - 1);
    expect(await page.getByTestId('recommendations-status').textContent()).toMatch(
      /We will not suggest .+ again\./,
    );
    expect(await page.locator(`.recommendation[data-product="${productId}"]`).count()).toBe(0);

    const { recommendationEngagement } = await api.graphqlAsBankAdmin<{
      recommendationEngagement: { productId: string; delivered: number; dismissed: number }[];
    }>('{ recommendationEngagement { productId delivered dismissed } }');
    expect(recommendationEngagement.find((row) => row.productId === productId)).toMatchObject({
      delivered: 1,
      dismissed: 1,
    });

    // Still gone after a reload: the API no longer lists it.
    await page.reload();
    await tab('For you').click();
    await page
      .locator('.recommendation, [data-testid="recommendations-empty"]')
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await page.locator(`.recommendation[data-product="${productId}"]`).count()).toBe(0);
  });

  it('contesting a recommendation wants words, then reaches the bank as a review request with them', async () => {
    const { api, browser } = run;
    const { page } = browser;
    const card = page.locator('.recommendation').first();
    await card.getByRole('button', { name: 'Contest' }).click();
    const words = card.getByLabel('Why does this not fit you?');
    await card.getByRole('button', { name: 'Send to the bank' }).click();
    expect(await words.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await words.getAttribute('aria-describedby')}`).textContent()).toBe(
      'Tell us in a few words why this does not fit you',
    );
    await words.fill('I have home insurance with another company.');
    await card.getByRole('button', { name: 'Send to the bank' }).click();
    await expect
      .poll(() => page.getByTestId('recommendations-status').textContent(), { timeout: 15_000 })
      .toMatch(/A person at the bank will review .+ and reply\./);
    await browser.screenshot('customer-app-dashboard-contested');

    const { recommendationReviews } = await api.graphqlAsBankAdmin<{
      recommendationReviews: { edges: { node: { trigger: string; customerText: string; status: string } }[] };
    }>('{ recommendationReviews { edges { node { trigger customerText status } } } }');
    expect(recommendationReviews.edges.map((edge) => edge.node)).toEqual([
      {
        trigger: 'contest',
        customerText: 'I have home insurance with another company.',
        status: 'REQUESTED',
      },
    ]);
  });

  it('thumbs up and dismiss on insights are kept by the API and counted for the bank', async () => {
    const { api, browser } = run;
    const { page } = browser;
    const rent = page.locator('.insight', { hasText: 'Your rent went up' });
    const useful = rent.getByRole('button', { name: 'Useful', exact: true });
    await useful.click();
    await expect.poll(() => useful.getAttribute('aria-pressed')).toBe('true');
    await page
      .locator('.insight', { hasText: 'Money resting' })
      .getByRole('button', { name: 'Dismiss' })
      .click();
    await expect.poll(() => page.locator('.insight').count(), { timeout: 15_000 }).toBe(1);
    await browser.screenshot('customer-app-dashboard-insight-feedback');

    // After a reload the API lists the rent insight with her thumbs up, and not the dismissed one.
    await page.reload();
    await tab('For you').click();
    await page.locator('.insight').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.insight h3').allTextContents()).toEqual(['Warning: Your rent went up']);
    expect(
      await page
        .locator('.insight')
        .getByRole('button', { name: 'Useful', exact: true })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    const { insightEngagement } = await api.graphqlAsBankAdmin<{
      insightEngagement: { kind: string; thumbsUp: number; dismissed: number }[];
    }>('{ insightEngagement { kind thumbsUp dismissed } }');
    expect(insightEngagement.find((row) => row.kind === 'recurring-price-rise')).toMatchObject({
      thumbsUp: 1,
    });
    expect(insightEngagement.find((row) => row.kind === 'idle-cash')).toMatchObject({ dismissed: 1 });
  });

  it("names the budget form's problems beside the fields, the form's own and the API's, and saves a good one", async () => {
    const { browser } = run;
    const { page } = browser;
    await tab('Budgets & goals').click();
    await page.getByRole('button', { name: 'New budget' }).click();
    const form = page.getByTestId('budget-form');
    await form.waitFor();
    await form.getByLabel('Monthly limit').fill('twelve');
    await form.getByRole('button', { name: 'Save budget' }).click();
    const problemOf = async (label: string) => {
      const field = form.getByLabel(label);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      return page.locator(`#${await field.getAttribute('aria-describedby')}`).textContent();
    };
    expect(await problemOf('Category')).toBe('Choose a category');
    expect(await problemOf('Monthly limit')).toBe('Enter an amount above zero, like 250.00');
    await browser.screenshot('customer-app-dashboard-budget-errors');

    // Well-formed but over the API's limit: the API's INVALID lands beside the same field.
    await form.getByLabel('Category').selectOption('groceries');
    await form.getByLabel('Monthly limit').fill('99999999999999999');
    await form.getByRole('button', { name: 'Save budget' }).click();
    await expect
      .poll(() => form.getByLabel('Monthly limit').getAttribute('aria-describedby'), { timeout: 15_000 })
      .toBe('budget-amount-problem');
    await expect
      .poll(() => page.locator('#budget-amount-problem').textContent())
      .toMatch(/^Must be a whole number of minor units/);
    expect(await form.getByLabel('Category').getAttribute('aria-invalid')).toBeNull();
    await browser.screenshot('customer-app-dashboard-budget-api-error');

    await form.getByLabel('Monthly limit').fill('400');
    await form.getByRole('button', { name: 'Save budget' }).click();
    const list = page.getByTestId('budgets-list');
    await list.waitFor({ timeout: 15_000 });
    const budget = await list.textContent();
    expect(budget).toContain('Groceries');
    expect(budget).toContain('of €400.00 spent');
    expect(await page.getByTestId('budget-form').count()).toBe(0);
    await browser.screenshot('customer-app-dashboard-budgets');
  });
});
