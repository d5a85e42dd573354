import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit';
import { FieldEncryptionService } from '../crypto';
import {
  cleanMerchantName,
  openTransactionTexts,
  type StoredTransactionText,
  storedTransactionTextColumns,
} from '../enrichment';
import { NotFound } from '../errors';
import { requireContext } from '../request-context';
import { type CustomerRuleRecord, CustomerRulesService } from './customer-rules.service';
import { ownToolWhere } from './own-rows';
import { type RuleSuggestionDraft, suggestRules } from './rule-suggestions';
import type { CustomerRule } from './customer-rule.entity';

/** Most re-categorisations (newest first) the suggestions read. */
const maxRecategorisations = 1_000;

/** A suggestion as the customer reads it: `id` is the keyed fingerprint of its evidence. */
export interface RuleSuggestion extends RuleSuggestionDraft {
  readonly id: string;
}

/**
 * Rule suggestions of the signed-in customer (`rule-suggestions.ts` says how they are found), computed when
 * read — minus those already accepted (`customer_rule.suggestion_key`) or dismissed
 * (`rule_suggestion_dismissal`), both keyed by the suggestion's id: a keyed fingerprint (HMAC under a key of
 * the customer's data key) of its evidence, so no statement text is stored and erasure makes them
 * meaningless. `accept` turns one into a rule (audited as the rule's creation), `dismiss` hides it for
 * good (audited `rule-suggestion.dismiss`). An id that is not a current suggestion of the caller is NOT_FOUND.
 */
@Injectable()
export class RuleSuggestionsService {
  constructor(
    private readonly em: EntityManager,
    private readonly audit: AuditService,
    private readonly encryption: FieldEncryptionService,
    private readonly rules: CustomerRulesService,
  ) {}

  async listOwn(): Promise<RuleSuggestion[]> {
    const em = this.context();
    const { customerId } = await ownToolWhere<CustomerRule>(em, 'read', 'CustomerRule');
    return this.open(customerId);
  }

  async accept(id: string): Promise<CustomerRuleRecord> {
    const suggestion = await this.own(id);
    return this.rules.create(
      { action: suggestion.action, category: suggestion.category, conditions: suggestion.conditions },
      suggestion.id,
    );
  }

  async dismiss(id: string): Promise<RuleSuggestion> {
    const suggestion = await this.own(id);
    const em = this.context();
    const { customerId } = await ownToolWhere<CustomerRule>(em, 'update', 'CustomerRule');
    await em.execute(
      `insert into rule_suggestion_dismissal (id, tenant_id, customer_id, evidence_key) values (?, ?, ?, ?)
       on conflict on constraint rule_suggestion_dismissal_once do nothing`,
      [randomUUID(), requireContext().tenant!.id, customerId, suggestion.id],
    );
    await this.audit.record({
      action: 'rule-suggestion.dismiss',
      resourceType: 'customer',
      resourceId: customerId,
      changes: { kind: suggestion.kind, action: suggestion.action },
    });
    return suggestion;
  }

  private async own(id: string): Promise<RuleSuggestion> {
    const em = this.context();
    const { customerId } = await ownToolWhere<CustomerRule>(em, 'update', 'CustomerRule');
    const suggestion = (await this.open(customerId)).find((item) => item.id === id);
    if (!suggestion) {
      throw new NotFound('No open rule suggestion with this id is yours; list ruleSuggestions again.');
    }
    return suggestion;
  }

  /** The customer's current suggestions, minus those accepted or dismissed. */
  private async open(customerId: string): Promise<RuleSuggestion[]> {
    const em = this.context();
    const tenantId = requireContext().tenant!.id;
    const labelled = await em.execute<(StoredTransactionText & { label: string })[]>(
      `select ${storedTransactionTextColumns}, l.category as label
         from category_label l join account_transaction t on t.id = l.transaction_id and t.tenant_id = l.tenant_id
        where l.tenant_id = ? and l.customer_id = ?
        order by l.updated_at desc, l.id desc
        limit ${maxRecategorisations}`,
      [tenantId, customerId],
    );
    const opened = await openTransactionTexts(this.encryption, labelled);
    const recurring = await em.execute<
      {
        series_key: string;
        account_id: string;
        direction: 'credit' | 'debit';
        merchant_name: string | null;
        currency: string;
        typical_amount_minor: string;
        cadence: string;
        occurrences: number;
        active: boolean;
      }[]
    >(
      `select series_key, account_id, direction, merchant_name, currency, typical_amount_minor::text as typical_amount_minor,
              cadence, occurrences, active
         from recurring_payment where tenant_id = ? and customer_id = ? order by series_key`,
      [tenantId, customerId],
    );
    const drafts = suggestRules({
      recategorisations: labelled.map((row, index) => ({
        category: row.label,
        merchant: row.merchant_name ? cleanMerchantName(row.merchant_name) || null : null,
        description: opened[index]!.transaction.description ?? null,
      })),
      recurring: recurring.map((row) => ({
        seriesKey: row.series_key,
        accountId: row.account_id,
        direction: row.direction,
        merchant: row.merchant_name,
        currency: row.currency,
        typicalAmountMinor: Number(row.typical_amount_minor),
        cadence: row.cadence,
        occurrences: row.occurrences,
        active: row.active,
      })),
    });
    if (drafts.length === 0) return [];
    const ids = await this.encryption.fingerprintsForCustomer(
      customerId,
      'rule_suggestion',
      drafts.map((draft) => draft.evidenceKey),
    );
    const [taken] = await em.execute<{ keys: string[] | null }[]>(
      `select array(select suggestion_key from customer_rule
                     where tenant_id = ? and customer_id = ? and suggestion_key is not null
                    union
                    select evidence_key from rule_suggestion_dismissal where tenant_id = ? and customer_id = ?) as keys`,
      [tenantId, customerId, tenantId, customerId],
    );
    const hidden = new Set(taken?.keys ?? []);
    return drafts
      .map((draft, index) => ({ ...draft, id: ids[index]! }))
      .filter((suggestion) => !hidden.has(suggestion.id));
  }

  private context(): EntityManager {
    return this.em.getContext() as EntityManager;
  }
}
