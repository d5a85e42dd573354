import type { FieldEncryptionService } from '../crypto';
import type { CategorisableTransaction } from './rules';

/**
 * Stored transactions as the condition language reads them: their personal text (description,
 * counterparty) decrypted in one key look-up. Used where rules run over what is already stored — a
 * customer rule applied to the past, a rule-match alert, rule suggestions — never at ingest (the text is
 * plaintext there already).
 */
export interface StoredTransactionText {
  id: string;
  account_id: string;
  description_enc: string | null;
  counterparty_enc: string | null;
  merchant_name: string | null;
  mcc: string | null;
  amount_minor: string;
  currency: string;
  direction: 'credit' | 'debit';
  source_code: string | null;
  category: string | null;
  category_source: string | null;
  category_rule_id: string | null;
  booking_date: string | Date;
}

/** The columns of `StoredTransactionText`, for a select on `account_transaction t`. */
export const storedTransactionTextColumns = `t.id, t.account_id, t.description_enc, t.counterparty_enc,
  t.merchant_name, t.mcc, t.amount_minor::text as amount_minor, t.currency, t.direction, t.source_code,
  t.category, t.category_source, t.category_rule_id, t.booking_date::text as booking_date`;

export interface OpenedTransaction {
  id: string;
  /** ISO date (raw SQL gives dates as text; `booking_date::text` keeps it a calendar date). */
  bookingDate: string;
  categorySource: string | null;
  categoryRuleId: string | null;
  transaction: CategorisableTransaction;
}

/** The rows with their text decrypted (one key look-up for all), in order. */
export async function openTransactionTexts(
  encryption: FieldEncryptionService,
  rows: readonly StoredTransactionText[],
): Promise<OpenedTransaction[]> {
  const sealed = rows.flatMap((row) => [
    ...(row.description_enc
      ? [{ stored: row.description_enc, address: transactionAddress(row.id, 'description_enc') }]
      : []),
    ...(row.counterparty_enc
      ? [{ stored: row.counterparty_enc, address: transactionAddress(row.id, 'counterparty_enc') }]
      : []),
  ]);
  const plaintexts = sealed.length > 0 ? await encryption.decryptMany(sealed) : [];
  const byAddress = new Map(
    sealed.map((value, index) => [`${value.address.rowId}:${value.address.column}`, plaintexts[index]!]),
  );
  return rows.map((row) => ({
    id: row.id,
    bookingDate: String(row.booking_date).slice(0, 10),
    categorySource: row.category_source,
    categoryRuleId: row.category_rule_id,
    transaction: {
      description: byAddress.get(`${row.id}:description_enc`) ?? null,
      counterparty: storedCounterpartyText(byAddress.get(`${row.id}:counterparty_enc`) ?? null),
      merchantName: row.merchant_name,
      mcc: row.mcc,
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
      direction: row.direction,
      sourceCode: row.source_code,
      accountId: row.account_id,
      category: row.category,
    },
  }));
}

/** The counterparty as categorisers read it: name and account in one string (ingest and training alike). */
export function counterpartyText(
  counterparty: { name?: string | null; account?: string | null } | null | undefined,
): string | null {
  const text = [counterparty?.name, counterparty?.account].filter((part) => part).join(' ');
  return text.length > 0 ? text : null;
}

/** `account_transaction.counterparty_enc`'s plaintext (JSON `{name?, account?}`, or a bare name) as text. */
export function storedCounterpartyText(plaintext: string | null): string | null {
  if (plaintext === null) return null;
  try {
    const parsed: unknown = JSON.parse(plaintext);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const { name, account } = parsed as Record<string, unknown>;
      return counterpartyText({
        name: typeof name === 'string' ? name : null,
        account: typeof account === 'string' ? account : null,
      });
    }
  } catch {
    // A bare name.
  }
  return plaintext;
}

export function transactionAddress(rowId: string, column: 'description_enc' | 'counterparty_enc') {
  return { table: 'account_transaction', column, rowId };
}
