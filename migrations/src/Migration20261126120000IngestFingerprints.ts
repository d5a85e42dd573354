import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotent ingestion (issue 5, account sync): a keyed fingerprint of each account's and transaction's
 * personal plaintext, so a re-sync can tell "unchanged" without decrypting and rewrites no ciphertext.
 *
 * The value is HMAC-SHA-256 under a key derived from the customer's own data key (platform `crypto/`,
 * `FieldEncryptionService.fingerprintsForCustomer`): it reveals nothing about the plaintext without that
 * key, and shredding the customer's key makes it meaningless, like the ciphertexts beside it. Null for rows
 * written before this migration (the next sync of such a row rewrites it once).
 */
export class Migration20261126120000IngestFingerprints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table account add column personal_fingerprint text null;`);
    this.addSql(`alter table account_transaction add column personal_fingerprint text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table account_transaction drop column personal_fingerprint;`);
    this.addSql(`alter table account drop column personal_fingerprint;`);
  }
}
