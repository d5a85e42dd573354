import { Migration } from '@mikro-orm/migrations';

/**
 * Enrichment (issue 6): each transaction's category, who decided it and how sure it was.
 *
 * - `category`: an id of the platform's taxonomy (`platform/src/enrichment/taxonomy.ts`); only its format
 *   is checked here, so adding a category to the taxonomy needs no migration.
 * - `category_source`: `mcc` (the merchant category code), `rule` (a platform or bank rule), `model` (the
 *   bank's learned classifier) or `customer` (the customer chose it). A customer's choice is never
 *   overwritten by a later sync or model run (the platform's ingest and categorisation guard it).
 * - `category_confidence`: 0..1; 1 for the customer's choice and exact rules, the classifier's softmax
 *   probability for `model`. Null when nothing categorised the row yet.
 * All three are null together or set together (a category is never stored without its source).
 */
export class Migration20261126210000Enrichment extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table account_transaction
        add column category text null,
        add column category_source text null,
        add column category_confidence real null,
        add constraint account_transaction_category_format check (category ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'),
        add constraint account_transaction_category_source_known
          check (category_source in ('mcc', 'rule', 'model', 'customer')),
        add constraint account_transaction_category_confidence_range
          check (category_confidence between 0 and 1),
        add constraint account_transaction_category_with_source
          check ((category is null) = (category_source is null));
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`
      alter table account_transaction
        drop column category_confidence,
        drop column category_source,
        drop column category;
    `);
  }
}
