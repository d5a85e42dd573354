// The webhooks page against the real API, Keycloak and PostgreSQL, with the API's own dispatcher delivering to
// a local subscriber (WEBHOOK_ALLOW_LOOPBACK; two attempts, short waits, so a refused event is dead in a
// second). A bank administrator finds the list's error with Try again while its query is out of reach, then
// creates a subscription (a private address first: the API's problem under the URL), copies its one-time
// secret and edits it; eleven real plugin changes (the API's installPlugin / uninstallPlugin) are refused by
// the subscriber until dead, paged by ten; "Replay all dead" delivers them, Replay sends one again; the secret
// is rotated and the subscription deleted, each change in the audit trail. A compliance officer has no
// Webhooks entry and is told "not allowed" at its address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, refuseGraphql, type ServedApp, type TestBrowser } from '@finpersona/deploy';
import {
  signatureHeader,
  startWebhookSubscriber,
  verifyWebhookSignature,
  waitUntil,
  webhookEventTypes,
  type WebhookSubscriber,
} from '@finpersona/platform/testing';
import { notification, type Portal, settled, signIn, signOut, startPortal, staffMenus } from './portal.ts';

let portal: Portal;
let app: ServedApp;
let browser: TestBrowser;
let subscriber: WebhookSubscriber;
/** What the subscriber answers. */
let answer = 500;

beforeAll(async () => {
  subscriber = await startWebhookSubscriber();
  subscriber.respond = () => ({ status: answer });
  portal = await startPortal('admin_webhooks_e2e', {
    allowDevClient: true,
    webhooks: {
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      WEBHOOK_MAX_ATTEMPTS: '2',
      WEBHOOK_RETRY_BASE_MS: '200',
      WEBHOOK_RETRY_MAX_MS: '200',
      WEBHOOK_POLL_INTERVAL_MS: '200',
    },
  });
  ({ app, browser } = portal);
});

afterAll(async () => {
  await portal?.close();
  await subscriber?.close();
});

const announced = (text: string | RegExp) => notification(browser.page, text);
const subscriptionRow = () => browser.page.getByTestId('webhook-subscription');
const deliveryStatus = () => browser.page.getByTestId('webhook-delivery-status');

/** The secret dialog's secret, after checking it says it is shown once; closes the dialog. */
async function readSecret(screenshot: string): Promise<string> {
  const { page } = browser;
  const dialog = page.getByTestId('webhook-secret-dialog');
  await dialog.waitFor({ timeout: 30_000 });
  expect(await dialog.textContent()).toContain('it will not be shown again');
  const secret = await page.getByTestId('webhook-secret').inputValue();
  expect(secret).toMatch(/^whsec_/);
  await page.getByTestId('webhook-secret-copy').click();
  await expect
    .poll(() => page.getByTestId('webhook-secret-copied').textContent())
    .toBe('Copied to the clipboard.');
  // Evaluated in the page (no DOM types here): what the Copy button put on the clipboard.
  const copied = await page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  );
  expect(copied).toBe(secret);
  await settled();
  await browser.screenshot(screenshot);
  await page.getByTestId('webhook-secret-done').click();
  await dialog.waitFor({ state: 'detached' });
  return secret;
}

describe('webhooks page', () => {
  it('lets a bank administrator create, edit, replay, rotate and delete a webhook subscription', async () => {
    const { page } = browser;
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await signIn(portal, DEMO.bank.admin);
    await expect.poll(() => page.getByRole('menuitem').allTextContents()).toEqual([...staffMenus.bankAdmin]);
    // The list's query failing (the API out of reach for it): the error with "Try again", which loads it once
    // the API answers again; nothing can be created meanwhile.
    const answerList = await refuseGraphql(page, 'webhookSubscriptions');
    await page.getByRole('menuitem', { name: 'Webhooks' }).click();
    const listError = page.getByTestId('webhook-subscriptions-error');
    // TanStack Query retries three times (about 7 s) before it reports the error.
    await listError.waitFor({ timeout: 60_000 });
    expect(await listError.textContent()).toMatch(/^The bank’s webhook subscriptions could not be loaded/);
    expect(await page.getByTestId('webhook-create').isDisabled()).toBe(true);
    await settled();
    await browser.screenshot('admin-webhooks-error');
    await answerList();
    await listError.getByRole('button', { name: 'Try again' }).click();
    const empty = page.getByTestId('webhook-subscriptions-empty');
    await empty.waitFor({ timeout: 30_000 });
    expect(await empty.textContent()).toContain('without polling the API');
    await settled();
    await browser.screenshot('admin-webhooks-empty');
    const auditedBefore = (await portal.api.auditEntries('webhook-')).length;

    // The event types offered are the platform's, in its order.
    await page.getByTestId('webhook-create').click();
    const dialog = page.getByTestId('webhook-dialog');
    await dialog.waitFor();
    expect(
      await page
        .locator('[data-event-type]')
        .evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-event-type'))),
    ).toEqual([...webhookEventTypes]);
    // A private address: the API's problem under the URL, nothing created.
    await page.getByTestId('webhook-url').fill('https://10.0.0.8/hooks');
    await page.locator('[data-event-type="plugin.changed"]').check();
    await page.getByTestId('webhook-description').fill('CRM sync');
    await page.getByTestId('webhook-save').click();
    await dialog
      .getByText('points at a private, link-local or reserved address; give a public address')
      .waitFor({ timeout: 30_000 });
    await settled();
    await browser.screenshot('admin-webhook-invalid');
    expect(await portal.api.auditEntries('webhook-')).toHaveLength(auditedBefore);

    await page.getByTestId('webhook-url').fill(subscriber.url('/hooks'));
    await page.getByTestId('webhook-save').click();
    await announced('The webhook subscription is created');
    const firstSecret = await readSecret('admin-webhook-secret');
    await subscriptionRow().waitFor();
    expect(await subscriptionRow().getAttribute('data-url')).toBe(subscriber.url('/hooks'));
    expect(await subscriptionRow().getByTestId('webhook-subscription-state').textContent()).toBe('Enabled');

    // Edit: opens as stored; another event type and a new description are saved.
    await page.getByTestId('webhook-edit').click();
    await dialog.waitFor();
    expect(await page.getByTestId('webhook-url').inputValue()).toBe(subscriber.url('/hooks'));
    expect(await page.locator('[data-event-type="plugin.changed"]').isChecked()).toBe(true);
    await page.locator('[data-event-type="consent.granted"]').check();
    await page.getByTestId('webhook-description').fill('CRM sync (EU)');
    await page.getByTestId('webhook-save').click();
    await announced('The webhook subscription is saved');
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => subscriptionRow().getByTestId('webhook-subscription-description').textContent())
      .toBe('CRM sync (EU)');
    expect(await subscriptionRow().getByTestId('webhook-subscription-events').textContent()).toBe(
      'consent.grantedplugin.changed',
    );

    // Eleven real events in one call (one token: the demo's one-time code counts once): the administrator
    // installs a plugin, then uninstalls and installs it again five times. The subscriber refuses every attempt.
    const changes = ['install', ...Array.from({ length: 5 }, () => ['uninstall', 'install']).flat()];
    await portal.api.graphqlAsBankAdmin(
      `mutation { ${changes
        .map((change, index) => `c${index}: ${change}Plugin(pluginId: "connector-sandbox") { id }`)
        .join(' ')} }`,
    );
    await waitUntil('the subscriber refused each event twice', () => subscriber.received.length >= 22);
    const first = subscriber.received[0]!.event;
    await page.getByTestId('webhook-show-deliveries').click();
    const statuses = () => deliveryStatus().allTextContents();
    await expect.poll(statuses, { timeout: 30_000 }).toEqual(Array(10).fill('Dead'));
    const row = page.getByTestId('webhook-delivery').first();
    expect(await row.getByTestId('webhook-delivery-status').getAttribute('data-tone')).toBe('error');
    expect(await row.getByTestId('webhook-delivery-attempts').textContent()).toBe('2');
    expect(await row.getByTestId('webhook-delivery-response').textContent()).toContain('500');
    expect(await row.textContent()).toContain('plugin.changed');
    await settled();
    await browser.screenshot('admin-webhook-dead');

    // Ten a page, newest first, with the API's cursors: the first event is alone on the older page.
    const sequences = () =>
      page
        .getByTestId('webhook-delivery')
        .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-sequence'))));
    const newest = await sequences();
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    expect(newest).not.toContain(first.sequence);
    expect(await page.getByTestId('webhook-deliveries-newer').isDisabled()).toBe(true);
    await page.getByTestId('webhook-deliveries-older').click();
    await expect
      .poll(() =>
        page
          .getByTestId('webhook-delivery')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-event-id'))),
      )
      .toEqual([first.id]);
    expect(await page.getByTestId('webhook-deliveries-older').isDisabled()).toBe(true);
    await settled();
    await browser.screenshot('admin-webhook-deliveries-older');
    await page.getByTestId('webhook-deliveries-newer').click();
    await expect.poll(sequences).toEqual(newest);

    // The endpoint works again: "Replay all dead" delivers all eleven, signed with the secret shown at creation.
    answer = 200;
    await page.getByTestId('webhook-replay-dead').click();
    await announced('11 dead deliveries are sent again');
    await expect.poll(statuses, { timeout: 30_000 }).toEqual(Array(10).fill('Delivered'));
    expect(await row.getByTestId('webhook-delivery-status').getAttribute('data-tone')).toBe('success');
    await waitUntil(
      'the eleven events were delivered',
      () =>
        subscriber.received.slice(22).every((received) => received.status === 200) &&
        subscriber.received.length >= 33,
    );
    const delivered = subscriber.received.at(-1)!;
    expect(delivered.event.type).toBe('plugin.changed');
    expect(delivered.event.sequence).toBe(newest[0]);
    expect(
      verifyWebhookSignature({
        header: delivered.headers[signatureHeader] as string,
        body: delivered.body,
        secret: firstSecret,
      }),
    ).toBe(true);

    // Replay of a delivered one sends the same event again.
    const receivedBefore = subscriber.received.length;
    await row.getByTestId('webhook-delivery-replay').click();
    await announced(`The plugin.changed event #${newest[0]} is sent again`);
    await waitUntil('the replayed event arrived', () => subscriber.received.length > receivedBefore);
    expect(subscriber.received.at(-1)!.event.id).toBe(delivered.event.id);
    await expect.poll(statuses, { timeout: 30_000 }).toEqual(Array(10).fill('Delivered'));
    await settled();
    await browser.screenshot('admin-webhook-deliveries');

    // A new secret, shown once again; the previous one still signs for a while.
    await page.getByTestId('webhook-rotate').click();
    await page.getByTestId('webhook-rotate-confirm').click();
    await announced('A new signing secret is issued');
    const secondSecret = await readSecret('admin-webhook-rotated');
    expect(secondSecret).not.toBe(firstSecret);
    await expect.poll(() => subscriptionRow().textContent()).toContain('Previous secret signs until');

    // Deleting says the delivery log goes too.
    await page.getByTestId('webhook-delete').click();
    const deleteDialog = page.getByTestId('webhook-delete-dialog');
    expect(await deleteDialog.textContent()).toContain('its delivery log is deleted with it');
    await page.getByTestId('webhook-delete-confirm').click();
    await announced('The webhook subscription and its delivery log are deleted');
    await empty.waitFor();
    expect(await page.getByTestId('webhook-deliveries-section').count()).toBe(0);

    // The API recorded each change in the audit trail, by this administrator.
    const entries = (await portal.api.auditEntries('webhook-')).slice(auditedBefore);
    expect(entries.map((entry) => entry.action)).toEqual([
      'webhook-subscription.create',
      'webhook-subscription.update',
      'webhook-delivery.replay',
      'webhook-delivery.replay',
      'webhook-subscription.rotate-secret',
      'webhook-subscription.delete',
    ]);
    expect(new Set(entries.map((entry) => entry.actorSubject)).size).toBe(1);
    expect(entries[0]!.actorSubject).not.toBe('system');
    await signOut(portal);
  });

  it('gives a compliance officer no Webhooks entry, and "not allowed" at its address', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.complianceOfficer);
    await expect
      .poll(() => page.getByRole('menuitem').allTextContents())
      .toEqual([...staffMenus.complianceOfficer]);
    await page.goto(`${app.url}/webhooks`);
    const error = page.getByTestId('webhook-subscriptions-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toContain('Not allowed');
    expect(await error.textContent()).toContain("list the bank's webhook subscriptions");
    expect(await page.getByTestId('webhook-create').isDisabled()).toBe(true);
    await settled();
    await browser.screenshot('admin-webhooks-forbidden');
    await signOut(portal);
  });
});
