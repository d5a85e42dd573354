import { settingsChecker, validatePlugin } from '@finpersona/plugin-sdk';
import {
  assertHarnessPassed,
  type FixtureCustomer,
  fixtures,
  runLifecycleHook,
  runPluginHarness,
} from '@finpersona/plugin-sdk/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInsightGenerator, kinds } from './generator';
import { insightsCorePlugin } from './plugin';
import { defaultSettings, resolveSettings, settingsSchema } from './settings';
import { inputOf, monthly, transaction } from './test-inputs';

/** The harness's customers changed so that four kinds have something to say. */
function eventfulCustomers(): FixtureCustomer[] {
  const [ana, ben, carla] = fixtures.customers as [FixtureCustomer, FixtureCustomer, FixtureCustomer];
  return [
    {
      ...ana,
      // A laptop in October, where August and September had no shopping at all.
      transactions: [
        ...ana.transactions,
        {
          sourceId: 'ana-current-laptop',
          sourceAccountId: 'ana-current',
          amount: { minor: '89900', currency: 'EUR' },
          direction: 'debit',
          status: 'booked',
          bookingDate: '2026-10-20',
          valueDate: '2026-10-20',
          description: 'Laptop',
          merchant: { name: 'Media Markt', mcc: '5732' },
        },
      ],
      features: { ...ana.features, 'balance.idle': 421337, 'products-held.savings-account': 0 },
    },
    { ...ben, features: { ...ben.features, 'forecast.days-to-min-balance': 9 } },
    {
      ...carla,
      features: { ...carla.features, 'income.change': -0.2, 'forecast.days-to-min-balance': 20 },
    },
  ];
}

describe('the insights-core plugin', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is a valid first-party plugin declaring the six kinds', () => {
    const validation = validatePlugin(insightsCorePlugin);
    expect(validation.ok).toBe(true);
    expect(insightsCorePlugin.manifest.trust).toBe('first-party');
    expect(insightsCorePlugin.extensions['insight-generator']?.kinds.map((entry) => entry.kind)).toEqual([
      'unusual-spending',
      'subscription-price-rise',
      'upcoming-low-balance',
      'idle-cash',
      'new-recurring-payment',
      'salary-change',
    ]);
  });

  it('passes the harness on its built-in fixture customers', async () => {
    assertHarnessPassed(await runPluginHarness(insightsCorePlugin));
  });

  it('passes the harness with insights to give: every candidate well-formed, keys unique, the same answer twice', async () => {
    const report = await runPluginHarness(insightsCorePlugin, {
      now: new Date('2026-10-29T09:00:00Z'),
      // The fixtures hold three months: two before the current one.
      settings: { 'unusual-spending': { minimumHistoryMonths: 2 } },
      fixtures: { customers: eventfulCustomers() },
    });
    assertHarnessPassed(report);
    const keys = report.insightGenerator?.customers.map(({ candidates }) =>
      candidates.map((candidate) => candidate.dedupeKey),
    );
    expect(keys).toEqual([
      ['unusual-spending:2026-10:shopping:EUR', 'idle-cash:2026-Q4'],
      ['upcoming-low-balance:below-zero:2026-11'],
      ['upcoming-low-balance:below-zero:2026-11', 'salary-change:fall:2026-Q4'],
    ]);
    const [ana, ben] = report.insightGenerator!.customers;
    expect(ana!.candidates[1]!.parameters.amount).toEqual({
      type: 'money',
      value: { minor: '420000', currency: 'EUR' },
    });
    expect(ben!.candidates[0]).toMatchObject({
      severity: 'warning',
      parameters: {
        lowest: { type: 'money', value: { minor: '-25000', currency: 'GBP' } },
        date: { type: 'date', value: '2026-11-07' },
      },
    });
  });

  it('gives the same answer whatever the system clock says: only the input’s now counts', async () => {
    const generator = createInsightGenerator(defaultSettings);
    const input = inputOf(
      [
        ...monthly(['2026-08', '2026-09', '2026-10', '2026-11'], 5, [999, 999, 999, 1299], {
          recurringId: 'r-1',
        }),
      ],
      { 'balance.idle': 500000, 'forecast.min-balance-30d': -100, 'forecast.days-to-min-balance': 4 },
    );
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2001-01-01T00:00:00Z'));
    const past = await generator.generate(input);
    vi.setSystemTime(new Date('2031-06-30T00:00:00Z'));
    const future = await generator.generate(input);
    expect(past).toEqual(future);
    expect(past.map((candidate) => candidate.kind)).toEqual([
      'subscription-price-rise',
      'upcoming-low-balance',
      'idle-cash',
    ]);
  });

  it('runs only the kinds the bank has enabled', async () => {
    const input = inputOf([transaction('2026-11-02', 4500)], {
      'balance.idle': 500000,
      'income.regular': 1,
      'income.change': 0.3,
    });
    const all = await createInsightGenerator(defaultSettings).generate(input);
    expect(all.map((candidate) => candidate.kind)).toEqual(['idle-cash', 'salary-change']);
    const settings = resolveSettings({ 'idle-cash': { enabled: false } });
    const some = await createInsightGenerator(settings).generate(input);
    expect(some.map((candidate) => candidate.kind)).toEqual(['salary-change']);
  });

  it('fills in defaults for every setting not given, kind by kind', () => {
    const settings = resolveSettings({ 'salary-change': { minimumChange: 0.25 } });
    expect(settings['salary-change']).toEqual({ enabled: true, minimumChange: 0.25 });
    expect(settings['idle-cash']).toEqual(defaultSettings['idle-cash']);
  });

  it('advertises defaults that its own schema accepts', () => {
    expect(settingsChecker(settingsSchema)(defaultSettings)).toEqual([]);
    const advertised = Object.fromEntries(
      Object.entries(settingsSchema.properties!).map(([kind, schema]) => [
        kind,
        Object.fromEntries(
          Object.entries(schema.properties as Record<string, { default: unknown }>).map(
            ([name, property]) => [name, property.default],
          ),
        ),
      ]),
    );
    expect(advertised).toEqual(defaultSettings);
    expect(Object.keys(settingsSchema.properties!)).toEqual(kinds.map((entry) => entry.kind));
  });

  it('refuses bad settings field by field through the schema', async () => {
    const outcome = await runLifecycleHook(insightsCorePlugin, 'configure', {
      settings: {
        'unusual-spending': { madMultiplier: 0, surprise: true },
        'idle-cash': { minimumIdleMinor: '3000' },
        'salary-change': { enabled: 'yes' },
        horoscope: {},
      },
    });
    expect(outcome.kind).toBe('invalid');
    expect(outcome.kind === 'invalid' && outcome.problems.map((found) => found.field).sort()).toEqual([
      'settings.horoscope',
      'settings.idle-cash.minimumIdleMinor',
      'settings.salary-change.enabled',
      'settings.unusual-spending.madMultiplier',
      'settings.unusual-spending.surprise',
    ]);
  });

  it('refuses settings that contradict each other, in the install, configure and upgrade hooks', async () => {
    const contradictory = {
      'unusual-spending': { historyMonths: 4, minimumHistoryMonths: 5 },
      'new-recurring-payment': { recentDays: 180, minimumHistoryDays: 300 },
    };
    for (const hook of ['install', 'configure', 'upgrade'] as const) {
      expect(await runLifecycleHook(insightsCorePlugin, hook, { settings: contradictory })).toEqual({
        kind: 'invalid',
        problems: [
          {
            field: 'settings.unusual-spending.minimumHistoryMonths',
            problem: 'must be at most historyMonths (4); lower it or raise historyMonths',
          },
          {
            field: 'settings.new-recurring-payment.minimumHistoryDays',
            problem: 'plus recentDays must be at most 400 (the days of transactions the plugin reads)',
          },
        ],
      });
    }
    expect(
      await runLifecycleHook(insightsCorePlugin, 'configure', {
        settings: { 'unusual-spending': { historyMonths: 4, minimumHistoryMonths: 4 } },
      }),
    ).toEqual({ kind: 'accepted' });
  });
});
