import type { AccountIdentifier, SourceTransaction } from '@finpersona/plugin-sdk';

/**
 * Where the personal fields of account data live and how their plaintext is laid out — the one
 * convention shared by what writes them (ingest) and what reads them (the customer API). Each value is
 * encrypted under the customer's own data key, bound to its table, column and row (`FieldAddress`).
 *
 * - `account_transaction.counterparty_enc`: JSON `{"name"?: string, "account"?: string}` (the SDK's
 *   `SourceTransaction.counterparty`); a value that is not such JSON is read as the name alone.
 * - `account_transaction.description_enc`: the statement text as is.
 * - `account.identifiers_enc`: JSON array of the SDK's `AccountIdentifier`s.
 * - `account.holder_name_enc`: the holder's name as is.
 * - `statement_upload.file_name_enc`: the uploaded file's name as is; `content_enc`: its bytes in base64.
 */
export type PersonalColumn =
  | { table: 'account_transaction'; column: 'counterparty_enc' | 'description_enc' }
  | { table: 'account'; column: 'identifiers_enc' | 'holder_name_enc' }
  | { table: 'connection'; column: 'grant_enc' | 'pending_enc' }
  | { table: 'statement_upload'; column: 'file_name_enc' | 'content_enc' };

export function personalField<C extends PersonalColumn>(column: C, rowId: string) {
  return { table: column.table, column: column.column, rowId };
}

export type Counterparty = NonNullable<SourceTransaction['counterparty']>;

export function encodeCounterparty(counterparty: Counterparty): string {
  return JSON.stringify({
    ...(counterparty.name !== undefined ? { name: counterparty.name } : {}),
    ...(counterparty.account !== undefined ? { account: counterparty.account } : {}),
  });
}

export function decodeCounterparty(plaintext: string): { name: string | null; account: string | null } {
  try {
    const parsed: unknown = JSON.parse(plaintext);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const { name, account } = parsed as Record<string, unknown>;
      return {
        name: typeof name === 'string' ? name : null,
        account: typeof account === 'string' ? account : null,
      };
    }
  } catch {
    // Not JSON: a plain name (a writer that stored only the name).
  }
  return { name: plaintext, account: null };
}

export function encodeIdentifiers(identifiers: readonly AccountIdentifier[]): string {
  return JSON.stringify(identifiers.map(({ scheme, value }) => ({ scheme, value })));
}

/** "•••• 1234": the last four characters of the first identifier, for showing which account it is. */
export function maskIdentifier(identifiers: readonly AccountIdentifier[]): string | null {
  const value = identifiers[0]?.value.replace(/\s+/g, '');
  if (!value) return null;
  return `•••• ${value.slice(-4)}`;
}
