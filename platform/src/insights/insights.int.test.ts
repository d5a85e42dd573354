// InsightsService against the real API app and PostgreSQL: the first-party insights-core generator run
// for a customer under a personalisation consent, stored once per key (text rendered and encrypted),
// notified through CustomerNotifier only above the bank's threshold; a bad candidate is dropped.
import type { CandidateInsight, FeatureVector, InsightInput } from '@finpersona/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntityManager } from '@mikro-orm/postgresql';
import { ConsentClock, ConsentsService } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { lowBalanceInput } from '../testing/insight-fixtures';
import { personalisedDemoBank } from '../testing/notification-fixtures';
import { insertLiveConsent } from '../testing/survey-fixtures';
import { rowsAsTenant } from '../testing/tenant-rows';
import { InsightsService } from './insights.service';

describe('insights: generated, stored once per key, notified above the threshold', () => {
  let api: ApiFixture;
  let bank: TenantRef;
  let anaId: string;
  let otherId: string;
  const now = '2026-10-29T09:00:00.000Z';
  const service = <T>(type: abstract new (...args: never[]) => T): T => api.running.app.get(type);
  const asBank = <T>(work: () => Promise<T>) => runAsTenant(bank, work);
  // The forecast expects the balance below zero in four days: insights-core's upcoming-low-balance.
  const lowBalance = lowBalanceInput(now);

  beforeAll(async () => {
    api = await startApiFixture();
    service(ConsentClock).use(() => new Date(now));
    ({ bank, anaId, otherId } = await personalisedDemoBank(api));
    await asBank(() => service(PluginsService).installInitialPlugins([{ id: 'insights-core' }]));
  });

  afterAll(async () => {
    await api?.close();
  });

  it('runs the bank’s generator, stores the insight with its text rendered and encrypted, and notifies above the threshold', async () => {
    const report = await asBank(() => service(InsightsService).generate(anaId, lowBalance, 'en-GB'));
    expect(report).toMatchObject({
      skipped: null,
      candidates: 1,
      dropped: [],
      stored: 1,
      duplicates: 0,
      notified: 1,
    });
    const [insight] = await rowsAsTenant<Record<string, unknown>>(
      api.database.ownerUrl,
      bank.id,
      'select id, kind, dedupe_key, severity, relevance, relevance_hint, title_enc, body_enc, notified, live from insight where customer_id = $1',
      [anaId],
    );
    expect(insight).toMatchObject({
      kind: 'upcoming-low-balance',
      dedupe_key: 'upcoming-low-balance:below-zero:2026-11',
      severity: 'warning',
      notified: 'in-app',
      live: true,
    });
    // No engagement yet: the learned score is the generator's hint.
    expect(insight!.relevance).toBeCloseTo(insight!.relevance_hint as number, 5);
    const [body] = await asBank(() =>
      service(FieldEncryptionService).decryptMany([
        {
          stored: insight!.body_enc as string,
          address: { table: 'insight', column: 'body_enc', rowId: insight!.id as string },
        },
      ]),
    );
    expect(body).toContain('-€250.00');
    const inbox = await rowsAsTenant<{ kind: string }>(
      api.database.ownerUrl,
      bank.id,
      'select kind from notification where subject_ref = $1',
      [`insight:${insight!.id}`],
    );
    expect(inbox).toEqual([{ kind: 'insight.upcoming-low-balance' }]);
  });

  it('does not repeat an insight whose key is live at the next sync', async () => {
    const again = await asBank(() => service(InsightsService).generate(anaId, lowBalance, 'en-GB'));
    expect(again).toMatchObject({ stored: 0, duplicates: 1, notified: 0 });
    expect(
      await rowsAsTenant(api.database.ownerUrl, bank.id, 'select 1 from insight where customer_id = $1', [
        anaId,
      ]),
    ).toHaveLength(1);
  });

  it('keeps an insight below the bank’s threshold in the app only, and drops a candidate with problems', async () => {
    const base: CandidateInsight = {
      kind: 'idle-cash',
      title: 'Money resting',
      body: '{amount} has rested in your current account.',
      parameters: { amount: { type: 'money', value: { minor: '420000', currency: 'EUR' } } },
      severity: 'info',
      relevance: 0.3,
      evidence: [{ kind: 'feature', name: 'balance.idle' }],
      expiresAt: '2026-12-31T00:00:00.000Z',
      dedupeKey: 'idle-cash:2026-Q4',
    };
    const broken: CandidateInsight = { ...base, dedupeKey: 'broken', body: '{missing}', relevance: 2 };
    const report = await asBank(() =>
      service(InsightsService).storeCandidates(
        anaId,
        'insights-core',
        [base, broken],
        lowBalance,
        ['idle-cash'],
        'de-DE',
      ),
    );
    expect(report).toMatchObject({ candidates: 2, stored: 1, notified: 0 });
    expect(report.dropped[0]!.problems.map((problem) => problem.path)).toEqual(
      expect.arrayContaining(['$[1].parameters.missing', '$[1].relevance']),
    );
    const [row] = await rowsAsTenant<{ id: string; notified: string | null; body_enc: string }>(
      api.database.ownerUrl,
      bank.id,
      `select id, notified, body_enc from insight where dedupe_key = 'idle-cash:2026-Q4'`,
    );
    expect(row!.notified).toBeNull();
    const [body] = await asBank(() =>
      service(FieldEncryptionService).decryptMany([
        { stored: row!.body_enc, address: { table: 'insight', column: 'body_enc', rowId: row!.id } },
      ]),
    );
    expect(body).toBe('4.200,00\u00a0€ has rested in your current account.');
    expect(
      await rowsAsTenant(
        api.database.ownerUrl,
        bank.id,
        'select 1 from notification where subject_ref = $1',
        [`insight:${row!.id}`],
      ),
    ).toEqual([]);
  });

  it('generates nothing for a customer without a live personalisation consent', async () => {
    const report = await asBank(() => service(InsightsService).generate(otherId, lowBalance));
    expect(report).toMatchObject({ skipped: 'no live personalisation consent', stored: 0 });
    expect(
      await rowsAsTenant(api.database.ownerUrl, bank.id, 'select 1 from insight where customer_id = $1', [
        otherId,
      ]),
    ).toEqual([]);
  });

  it('writes in the customer’s language: Slovenian after a consent granted in Slovenian, English for a language it does not write', async () => {
    /** The customer's newest consent was shown in `locale` (the one place they choose a language). */
    const consentIn = async (locale: string) => {
      const id = await insertLiveConsent(api.running.app, bank, anaId, 'analytics');
      await asBank(() =>
        api.running.app
          .get(EntityManager)
          .transactional((tx) =>
            tx.execute(
              `update consent set proof = jsonb_build_object('locale', ?::text), granted_at = now() + interval '1 second' where id = ?`,
              [locale, id],
            ),
          ),
      );
    };
    const decrypted = async (dedupeKey: string) => {
      const [row] = await rowsAsTenant<{ id: string; locale: string; title_enc: string; body_enc: string }>(
        api.database.ownerUrl,
        bank.id,
        'select id, locale, title_enc, body_enc from insight where customer_id = $1 and dedupe_key = $2',
        [anaId, dedupeKey],
      );
      const [title, body] = await asBank(() =>
        service(FieldEncryptionService).decryptMany(
          (['title_enc', 'body_enc'] as const).map((column) => ({
            stored: row![column],
            address: { table: 'insight', column, rowId: row!.id },
          })),
        ),
      );
      return { locale: row!.locale, title, body };
    };
    const incomeRose: InsightInput = {
      ...lowBalance,
      features: { 'income.regular': 1, 'income.change': 0.125 } as unknown as FeatureVector,
    };

    await consentIn('sl-SI');
    expect(await asBank(() => service(ConsentsService).customerLocale(anaId))).toBe('sl-SI');
    const slovenian = await asBank(() => service(InsightsService).generate(anaId, incomeRose));
    expect(slovenian).toMatchObject({ stored: 1, dropped: [] });
    expect(await decrypted('salary-change:rise:2026-Q4')).toEqual({
      locale: 'sl-SI',
      title: 'Vaši prihodki so se zvišali za 12,5\u00a0%',
      body: 'Vaši redni prihodki v zadnjih treh mesecih so za 12,5\u00a0% višji kot v treh mesecih pred tem.',
    });

    // A language insights-core does not write: English words and English figures.
    await consentIn('de-AT');
    const lowSoon: InsightInput = {
      ...lowBalance,
      features: {
        'forecast.min-balance-30d': 5000,
        'forecast.days-to-min-balance': 4,
      } as unknown as FeatureVector,
    };
    const english = await asBank(() => service(InsightsService).generate(anaId, lowSoon));
    expect(english).toMatchObject({ stored: 1, dropped: [] });
    expect(await decrypted('upcoming-low-balance:low:2026-11')).toEqual({
      locale: 'en',
      title: 'Your balance may run low',
      body: 'We expect your balance to reach €50.00 around November 2, 2026, based on your regular income and payments.',
    });
  });
});
