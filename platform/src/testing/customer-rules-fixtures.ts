import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { FieldEncryptionService } from '../crypto';
import { suggestRules } from '../customer-tools';
import { type RuleCondition, sealRuleConditions } from '../enrichment';
import { runAsTenant, type TenantRef } from '../request-context';

/** One customer's rules and open rule suggestions the generated suites' rule operations act on. */
export interface CustomerRulesWorld {
  /** A set-category rule that `updateCustomerRule` and `applyRuleToPast` use. */
  ruleId: string;
  /** A rule that `deleteCustomerRule` removes. */
  deletableRuleId: string;
  /** An open suggestion `acceptSuggestion` accepts. */
  suggestionId: string;
  /** An open suggestion `dismissSuggestion` dismisses. */
  dismissableSuggestionId: string;
}

/** Inserts a rule of `customerId` as the service stores one (conditions sealed under the customer's key). */
export async function insertCustomerRule(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  rule: { action: 'set-category' | 'alert'; category?: string | null; conditions: RuleCondition },
): Promise<string> {
  const id = randomUUID();
  const encryption = app.get(FieldEncryptionService);
  await runAsTenant(tenant, () =>
    app.get(EntityManager).transactional(async (tx) => {
      const sealed = await sealRuleConditions(encryption, customerId, id, rule.conditions);
      await tx.execute(
        `insert into customer_rule (id, tenant_id, customer_id, conditions_enc, action, category)
         values (?, ?, ?, ?, ?, ?)`,
        [id, tenant.id, customerId, sealed, rule.action, rule.category ?? null],
      );
      if (rule.action === 'alert') {
        await tx.execute(
          `insert into customer_alert (id, tenant_id, customer_id, kind, rule_id, cooldown_hours)
           values (?, ?, ?, 'rule-match', ?, 24)`,
          [randomUUID(), tenant.id, customerId, id],
        );
      }
    }),
  );
  return id;
}

/**
 * Re-categorisations of `customerId` as `categoriseTransaction` stores them: two card payments at each
 * merchant on the customer's first account (who needs source data: `prepareSourceWorld`), both labelled
 * with its category. Returns the ids of the suggestions this evidence yields ("always put X in Y"), in the
 * order of `merchants`.
 */
export async function seedRecategorisations(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  merchants: readonly { name: string; category: string }[],
): Promise<string[]> {
  const encryption = app.get(FieldEncryptionService);
  return runAsTenant(tenant, () =>
    app.get(EntityManager).transactional(async (tx) => {
      const [account] = await tx.execute<{ id: string }[]>(
        `select id from account where tenant_id = ? and customer_id = ? order by created_at, id limit 1`,
        [tenant.id, customerId],
      );
      if (!account) {
        throw new Error('seedRecategorisations: the customer needs an account; prepareSourceWorld first');
      }
      for (const merchant of merchants) {
        for (const day of ['2026-10-01', '2026-10-15']) {
          // A card payment at the merchant (no personal text), re-categorised by the customer.
          const transactionId = randomUUID();
          await tx.execute(
            `insert into account_transaction (id, tenant_id, customer_id, account_id, source_id, amount_minor, currency,
               direction, status, booking_date, merchant_name, category, category_source, category_confidence)
             values (?, ?, ?, ?, ?, 1500, 'EUR', 'debit', 'booked', ?, ?, ?, 'customer', 1)`,
            [
              transactionId,
              tenant.id,
              customerId,
              account.id,
              `rules-fixture-${transactionId}`,
              day,
              merchant.name,
              merchant.category,
            ],
          );
          await tx.execute(
            `insert into category_label (id, tenant_id, customer_id, transaction_id, category, previous_category, previous_source)
             values (?, ?, ?, ?, ?, null, null)`,
            [randomUUID(), tenant.id, customerId, transactionId, merchant.category],
          );
        }
      }
      const drafts = suggestRules({
        recategorisations: merchants.flatMap((merchant) =>
          [0, 1].map(() => ({ category: merchant.category, merchant: merchant.name, description: null })),
        ),
        recurring: [],
      });
      const byMerchant = merchants.map((merchant) =>
        drafts.find(
          (draft) => draft.category === merchant.category && draft.evidenceKey.includes('|merchant|'),
        )!,
      );
      return encryption.fingerprintsForCustomer(
        customerId,
        'rule_suggestion',
        byMerchant.map((draft) => draft.evidenceKey),
      );
    }),
  );
}

/** Two set-category rules and two open suggestions of `customerId` (`label` names the merchants). */
export async function prepareCustomerRulesWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  label = 'Generated',
): Promise<CustomerRulesWorld> {
  const rule = (merchant: string) => ({
    action: 'set-category' as const,
    category: 'entertainment',
    conditions: { merchantContains: [`${label} ${merchant}`] },
  });
  const [suggestionId, dismissableSuggestionId] = await seedRecategorisations(app, tenant, customerId, [
    { name: `${label} Gym`, category: 'health' },
    { name: `${label} Bookshop`, category: 'education' },
  ]);
  return {
    ruleId: await insertCustomerRule(app, tenant, customerId, rule('cinema')),
    deletableRuleId: await insertCustomerRule(app, tenant, customerId, rule('arcade')),
    suggestionId: suggestionId!,
    dismissableSuggestionId: dismissableSuggestionId!,
  };
}
