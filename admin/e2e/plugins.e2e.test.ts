// The plugin page against the real API, Keycloak and PostgreSQL (the demo bank, region EU, with only its
// region's compliance rule pack installed: onboarding's workflow, which installs the demo's other plugins, does
// not run for this API). A bank administrator
// installs the Berlin Group connector (the API's problem shown under the setting at fault, then fixed),
// enables it, changes a setting, disables and uninstalls it; a compliance officer has no Plugins entry and is
// told "not allowed" at its address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, type ServedApp, type TestBrowser } from '@finpersona/deploy';
import { notification, type Portal, settled, signIn, signOut, startPortal, staffMenus } from './portal.ts';

let portal: Portal;
let app: ServedApp;
let browser: TestBrowser;

beforeAll(async () => {
  portal = await startPortal('admin_plugins_e2e');
  ({ app, browser } = portal);
});

afterAll(async () => {
  await portal?.close();
});

const installedIds = () =>
  browser.page
    .getByTestId('plugin-installed')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-plugin')));
const availableIds = () =>
  browser.page
    .getByTestId('plugin-available')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-plugin')));
const row = (kind: 'installed' | 'available', pluginId: string) =>
  browser.page.locator(`[data-testid="plugin-${kind}"][data-plugin="${pluginId}"]`);
const announced = (text: string | RegExp) => notification(browser.page, text);
const berlin = 'connector-berlin-group';

describe('plugins page', () => {
  it('lets a bank administrator install, configure, enable, disable and uninstall a plugin', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.admin);
    await expect.poll(() => page.getByRole('menuitem').allTextContents()).toEqual([...staffMenus.bankAdmin]);
    await page.getByRole('menuitem', { name: 'Plugins' }).click();
    await row('installed', 'compliance-eu').waitFor({ timeout: 30_000 });
    expect(await installedIds()).toEqual(['compliance-eu']);
    // The rule pack in force cannot be switched off (the API would refuse): no Disable or Uninstall, but why.
    const rulePack = row('installed', 'compliance-eu');
    expect(await rulePack.getByTestId('plugin-in-force').textContent()).toBe(
      'In force: enabling another rule pack replaces it',
    );
    expect(await rulePack.getByTestId('plugin-disable').count()).toBe(0);
    expect(await rulePack.getByTestId('plugin-uninstall').count()).toBe(0);
    // Installed by the platform (onboarding's initial plugins), not by anyone of the bank.
    expect(await rulePack.getByTestId('staff-name').textContent()).toBe('the platform');
    await row('available', berlin).waitFor({ timeout: 30_000 });
    expect(await availableIds()).toEqual(
      expect.arrayContaining(['catalogue-retail', berlin, 'connector-sandbox', 'model-propensity']),
    );
    // The UK connector is listed for an EU bank, but cannot be installed by it.
    const uk = row('available', 'connector-open-banking-uk');
    expect(await uk.getByTestId('plugin-install').count()).toBe(0);
    expect(await uk.getByTestId('plugin-install-cell').textContent()).toBe('Not for your bank’s region');
    // What the connector may call is there before installing it.
    expect(await row('available', berlin).getByTestId('plugin-reach').textContent()).toBe(
      'Reads: none · Calls: setting:baseUrl · Regions: EU',
    );
    await settled();
    await browser.screenshot('admin-plugins');

    const auditedBefore = (await portal.api.auditEntries('plugin.')).length;
    // Install with an address that is not one: the API names the setting, shown under its input.
    await row('available', berlin).getByTestId('plugin-install').click();
    const dialog = page.getByTestId('plugin-settings-dialog');
    await dialog.waitFor();
    await page.getByTestId('setting-baseUrl').fill('https://xs2a.bank.example/psd2');
    await page.getByTestId('setting-tppIpAddress').fill('203.0.113.300');
    await page.getByTestId('setting-historyDays').fill('many');
    await page.getByTestId('plugin-settings-confirm').click();
    // Caught in the portal (it cannot be sent as a number), nothing sent yet.
    await dialog.getByText('must be a number').waitFor();
    await page.getByTestId('setting-historyDays').fill('365');
    await page.getByTestId('plugin-settings-confirm').click();
    await dialog.getByText('must match format "ipv4"').waitFor({ timeout: 30_000 });
    await settled();
    await browser.screenshot('admin-plugin-install-invalid');
    expect(await installedIds()).not.toContain(berlin);

    await page.getByTestId('setting-tppIpAddress').fill('203.0.113.30');
    await page.getByTestId('plugin-settings-confirm').click();
    await announced('Berlin Group NextGenPSD2 (XS2A AIS) is installed, disabled until you enable it');
    await row('installed', berlin).waitFor();
    expect(await row('installed', berlin).getByTestId('plugin-state').textContent()).toBe('Disabled');
    // "Last change by" names the administrator from the staff directory (their token's name, as the demo
    // realm in deploy/keycloak/demo-bank.realm.json gives it), the subject kept in the tooltip.
    const changedBy = row('installed', berlin).getByTestId('staff-name');
    await expect.poll(() => changedBy.textContent()).toBe('Bank Admin');
    expect(await changedBy.getAttribute('data-subject')).toBe(DEMO.bank.admin.id);
    await changedBy.hover();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toBe(DEMO.bank.admin.id);
    await page.mouse.move(0, 0);
    expect(await availableIds()).not.toContain(berlin);

    await row('installed', berlin).getByTestId('plugin-enable').click();
    await announced('Berlin Group NextGenPSD2 (XS2A AIS) is enabled');
    await expect
      .poll(() => row('installed', berlin).getByTestId('plugin-state').textContent())
      .toBe('Enabled');

    // Its settings open as stored; a change is saved.
    await row('installed', berlin).getByTestId('plugin-configure').click();
    await dialog.waitFor();
    expect(await page.getByTestId('setting-baseUrl').inputValue()).toBe('https://xs2a.bank.example/psd2');
    expect(await page.getByTestId('setting-historyDays').inputValue()).toBe('365');
    await page.getByTestId('setting-historyDays').fill('90');
    await page.getByTestId('plugin-settings-confirm').click();
    await announced('Berlin Group NextGenPSD2 (XS2A AIS) settings are saved');
    await dialog.waitFor({ state: 'detached' });
    await row('installed', berlin).getByTestId('plugin-configure').click();
    expect(await page.getByTestId('setting-historyDays').inputValue()).toBe('90');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await settled();
    await browser.screenshot('admin-plugins-installed');

    await row('installed', berlin).getByTestId('plugin-disable').click();
    await announced('Berlin Group NextGenPSD2 (XS2A AIS) is disabled');
    await expect
      .poll(() => row('installed', berlin).getByTestId('plugin-state').textContent())
      .toBe('Disabled');

    await row('installed', berlin).getByTestId('plugin-uninstall').click();
    await page.getByTestId('plugin-uninstall-confirm').click();
    await announced('Berlin Group NextGenPSD2 (XS2A AIS) is uninstalled');
    await row('available', berlin).waitFor();
    expect(await installedIds()).not.toContain(berlin);

    // The API recorded each change in the audit trail, by this administrator.
    const entries = (await portal.api.auditEntries('plugin.')).slice(auditedBefore);
    expect(entries.map((entry) => entry.action)).toEqual([
      'plugin.install',
      'plugin.enable',
      'plugin.configure',
      'plugin.disable',
      'plugin.uninstall',
    ]);
    expect(new Set(entries.map((entry) => entry.actorSubject)).size).toBe(1);
    expect(entries[0]!.actorSubject).not.toBe('system');
    await signOut(portal);
  });

  it('gives a compliance officer no Plugins entry, and "not allowed" at its address', async () => {
    const { page } = browser;
    await signIn(portal, DEMO.bank.complianceOfficer);
    await expect
      .poll(() => page.getByRole('menuitem').allTextContents())
      .toEqual([...staffMenus.complianceOfficer]);
    await page.goto(`${app.url}/plugins`);
    const error = page.getByTestId('plugin-installations-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toContain('Not allowed');
    expect(await error.textContent()).toContain("list the bank's plugins");
    expect(await page.getByTestId('plugin-install').count()).toBe(0);
    await settled();
    await browser.screenshot('admin-plugins-forbidden');
    await signOut(portal);
  });
});
