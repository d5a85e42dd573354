// The surveys page against the real API, Keycloak and PostgreSQL (seedSurveyResults: "Card interest"
// published and answered by six customers — q1 five "Yes" and one "No", q2 rated by two, q3 free text by
// six). A bank administrator writes a draft (the API's problem shown under the input, then fixed),
// publishes it and starts a new version; reads the results with the figures below the bank's minimum
// audience hidden. A compliance officer reads the same results and may not create a survey.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type ServedApp, type TestBrowser } from '@finpersona/deploy';
import type { SeededSurveyResults } from '@finpersona/platform/testing';
import {
  notification,
  notificationCovers,
  type Portal,
  settled,
  signIn,
  signOut,
  startPortal,
} from './portal.ts';

let portal: Portal;
let app: ServedApp;
let browser: TestBrowser;
let seeded: SeededSurveyResults;

beforeAll(async () => {
  portal = await startPortal('admin_surveys_e2e');
  ({ app, browser } = portal);
  seeded = await portal.api.seedSurveyResults();
});

afterAll(async () => {
  await portal?.close();
});

const texts = (testId: string) => browser.page.getByTestId(testId).allTextContents();
const announced = (text: string | RegExp) => notification(browser.page, text);
const hidden = 'fewer than 5 respondents — hidden to protect privacy';

/** Opens the seeded survey's results and checks them (the same for both staff roles). */
async function checkSeededResults(): Promise<void> {
  const { page } = browser;
  await page.getByRole('menuitem', { name: 'Surveys' }).click();
  await page.getByRole('cell', { name: seeded.title }).click();
  await page.getByTestId('survey-response-rate').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('survey-response-rate').textContent()).toMatch(
    /^6 responses from an audience of \d+/,
  );
  const q1 = page.locator('[data-testid="survey-question-result"][data-question="q1"]');
  expect(await q1.getByTestId('survey-choice-count').allTextContents()).toEqual([
    'Yes5',
    `No${hidden}`,
    `Not sure${hidden}`,
  ]);
  expect(await q1.getByTestId('survey-question-partly-hidden').textContent()).toContain(
    '2 of 3 choice counts are hidden',
  );
  const q2 = page.locator('[data-testid="survey-question-result"][data-question="q2"]');
  expect(await q2.getByTestId('survey-question-suppressed').textContent()).toContain(
    'Fewer than 5 customers answered this question',
  );
  expect(await q2.getByTestId('survey-rating').count()).toBe(0);
  const q3 = page.locator('[data-testid="survey-question-result"][data-question="q3"]');
  expect(await q3.textContent()).toContain('6 answered');
  expect(await q3.textContent()).toContain('their words are never shown');
}

describe('surveys page', () => {
  it('lets a bank administrator write a draft (field problems under their inputs), publish it and version it', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.admin);
    await page.getByRole('menuitem', { name: 'Surveys' }).click();
    await page.getByRole('cell', { name: seeded.title }).waitFor({ timeout: 30_000 });
    expect(await texts('survey-status')).toEqual(['Published']);
    // The platform's default (10) is above the six respondents: the bank lowers it to the floor (step-up;
    // the sign-in's code is recent).
    expect(await page.getByTestId('minimum-audience').textContent()).toBe('10');
    await page.getByTestId('minimum-audience-input').fill('4');
    expect(await page.getByTestId('save-minimum-audience').isDisabled()).toBe(true);
    await page.getByTestId('minimum-audience-input').fill('5');
    await page.getByTestId('save-minimum-audience').click();
    await announced('Results now need at least 5 respondents');
    await expect.poll(() => page.getByTestId('minimum-audience').textContent()).toBe('5');
    await settled();
    await browser.screenshot('admin-survey-settings');

    await page.getByRole('link', { name: 'New survey' }).first().click();
    await page.getByLabel('Title').fill('Branch visits');
    await page.getByLabel('Question').fill('How often do you visit a branch?');
    await page.getByLabel('Choice').first().fill('Monthly');
    // The first choice linked to a product without saying what choosing it means, the second choice left
    // empty: the API names both, and each problem shows under its input.
    await page.getByRole('combobox', { name: 'About product' }).first().click();
    await page.getByRole('option', { name: 'Credit card' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    const problem = page.getByText('must be 1-100 characters');
    await problem.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      await browser.screenshot('admin-survey-invalid-failed');
      throw error;
    });
    const signal = page
      .locator('.MuiFormControl-root')
      .filter({ has: page.getByRole('combobox', { name: 'Choosing it says' }) })
      .first();
    expect(await signal.getByText('pick interested or not interested, or remove the product').count()).toBe(
      1,
    );
    expect(new URL(page.url()).pathname).toBe('/surveys/create');
    // react-admin's notice shows in the menu column, covering none of the page: not the fields in error, not the
    // Save button, which stays clickable (nothing on top of it).
    const invalid = 'The form is not valid';
    await announced(invalid);
    await settled();
    const save = page.getByRole('button', { name: 'Save' });
    expect(
      await notificationCovers(page, invalid, {
        'the Save button': save,
        'the empty choice': page.getByLabel('Choice').nth(1),
        'the choice without a signal': signal,
      }),
    ).toEqual([]);
    await save.click({ trial: true, timeout: 5_000 });
    await browser.screenshot('admin-survey-invalid');

    await page.getByLabel('Choice').nth(1).fill('Never');
    await page.getByRole('combobox', { name: 'Choosing it says' }).first().click();
    await page.getByRole('option', { name: 'Interested', exact: true }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/surveys\/[^/]+\/show$/, { timeout: 30_000 });
    await expect.poll(() => texts('survey-status')).toEqual(['Draft']);
    // The link was saved, and the definition says it.
    expect(await texts('survey-question')).toEqual([
      'How often do you visit a branch? (One choice): Monthly (credit card: interested) / Never',
    ]);
    expect(await page.getByTestId('survey-results-draft').count()).toBe(1);

    await page.getByTestId('survey-publish').click();
    await announced('Version 1 is published');
    await expect.poll(() => texts('survey-status')).toEqual(['Published']);
    await page.getByTestId('survey-results-empty').waitFor({ timeout: 30_000 });
    await page.getByTestId('survey-newVersion').click();
    await announced('Version 2 is a new draft');
    await expect.poll(() => texts('survey-status')).toEqual(['Draft']);
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(1);
    await settled();
    await browser.screenshot('admin-survey-new-version');
  });

  it('shows a bank administrator the results with figures below the minimum audience hidden', async () => {
    await checkSeededResults();
    await settled();
    await browser.screenshot('admin-survey-results');
    await signOut(portal);
  });

  it('shows a compliance officer the same results, without the administrator’s actions', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.complianceOfficer);
    await checkSeededResults();
    expect(await page.getByTestId('survey-close').count()).toBe(0);
    await page.getByRole('menuitem', { name: 'Surveys' }).click();
    await page.getByTestId('minimum-audience').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('link', { name: 'New survey' }).count()).toBe(0);
    expect(await page.getByTestId('save-minimum-audience').count()).toBe(0);

    // The address still answers; saving is the API's to refuse, and the refusal is shown.
    await page.goto(`${app.url}/surveys/create`);
    await page.getByLabel('Title').fill('Not mine to ask');
    await page.getByLabel('Question').fill('May I?');
    await page.getByLabel('Choice').first().fill('Yes');
    await page.getByLabel('Choice').nth(1).fill('No');
    await page.getByRole('button', { name: 'Save' }).click();
    await announced(/You do not have permission/);
    await settled();
    await browser.screenshot('admin-survey-forbidden');
    // The app bar (with the user menu) scrolled out of view on the long form.
    await page.goto(`${app.url}/surveys`);
    await signOut(portal);
  });
});
