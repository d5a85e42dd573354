import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { StatementFormat, StatementUpload } from '@finpersona/connector-statements';
import { FieldEncryptionService } from '../crypto';
import { NotFound } from '../errors';
import { requireContext } from '../request-context';
import { personalField } from './transactions.fields';

/** The largest statement file accepted, decoded (also a check constraint of `statement_upload`). */
export const maxStatementBytes = 5 * 1024 * 1024;

/** What is stored for an upload besides its bytes. */
export interface StatementUploadRecord {
  id: string;
  customerId: string;
  connectionId: string;
  format: StatementFormat;
  /** CSV: the mapping or a preset's name; null otherwise. */
  mapping: unknown;
  accounts: readonly string[] | null;
  fileName: string;
  content: Uint8Array;
  /** `StatementUploads.fingerprint` of the file. */
  fingerprint: string;
}

const fileNameField = (id: string) =>
  personalField({ table: 'statement_upload', column: 'file_name_enc' }, id);
const contentField = (id: string) => personalField({ table: 'statement_upload', column: 'content_enc' }, id);

/**
 * The `statement_upload` table: statement files customers imported, encrypted under the customer's own
 * key (bytes and file name), read back by the `statement-file` connector during syncs. Tenant from the
 * context (the request, or `runAsTenant` in the worker); row-level security applies to every statement.
 */
@Injectable()
export class StatementUploads {
  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
  ) {}

  /**
   * A keyed fingerprint of a file as imported (format, mapping, accounts and the bytes), under a key
   * derived from the customer's data key: the same customer importing the same file again is recognised;
   * it is no plain hash, so it links nothing outside the customer's own uploads and dies with their key.
   */
  async fingerprint(
    customerId: string,
    upload: Pick<StatementUploadRecord, 'format' | 'mapping' | 'accounts' | 'content'>,
  ): Promise<string> {
    const digest = createHash('sha256').update(upload.content).digest('hex');
    const [fingerprint] = await this.encryption.fingerprintsForCustomer(customerId, 'statement_upload', [
      JSON.stringify([upload.format, upload.mapping ?? null, upload.accounts ?? null, digest]),
    ]);
    return fingerprint!;
  }

  /** Stores an upload in the caller's transaction (its connection may follow later in it: checked at commit). */
  async store(record: StatementUploadRecord): Promise<StatementUpload> {
    const [fileName, content] = await this.encryption.encryptForCustomer(record.customerId, [
      { address: fileNameField(record.id), plaintext: record.fileName },
      { address: contentField(record.id), plaintext: Buffer.from(record.content).toString('base64') },
    ]);
    await this.inTransactionEm().execute(
      `insert into statement_upload (id, tenant_id, customer_id, connection_id, format, mapping, accounts,
                                     file_name_enc, size_bytes, content_fingerprint, content_enc)
       values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)`,
      [
        record.id,
        tenantId(),
        record.customerId,
        record.connectionId,
        record.format,
        record.mapping === null || record.mapping === undefined ? null : JSON.stringify(record.mapping),
        record.accounts === null ? null : JSON.stringify(record.accounts),
        fileName!,
        record.content.byteLength,
        record.fingerprint,
        content!,
      ],
    );
    return {
      uploadId: record.id,
      format: record.format,
      ...(record.format === 'csv' ? { mapping: record.mapping as StatementUpload['mapping'] } : {}),
      ...(record.accounts ? { accounts: record.accounts } : {}),
    };
  }

  /** The customer's upload of the same file (by fingerprint) and the status of its connection, if any. */
  async findSame(
    customerId: string,
    fingerprint: string,
  ): Promise<{ id: string; connectionId: string; connectionStatus: string } | null> {
    const [row] = await this.inTransactionEm().execute<
      { id: string; connection_id: string; status: string }[]
    >(
      `select u.id, u.connection_id, c.status from statement_upload u
         join connection c on c.id = u.connection_id
        where u.tenant_id = ? and u.customer_id = ? and u.content_fingerprint = ?
        for update of u`,
      [tenantId(), customerId, fingerprint],
    );
    return row ? { id: row.id, connectionId: row.connection_id, connectionStatus: row.status } : null;
  }

  /**
   * The decrypted bytes of an upload of the current tenant (the connector's `loadUpload`). Runs in the
   * caller's transaction when there is one (the import, before its commit), else in a short one (a sync).
   */
  async load(uploadId: string): Promise<Uint8Array> {
    const read = async (em: EntityManager) => {
      const [row] = /^[0-9a-f-]{36}$/i.test(uploadId)
        ? await em.execute<{ content_enc: string }[]>(
            `select content_enc from statement_upload where tenant_id = ? and id = ?`,
            [tenantId(), uploadId],
          )
        : [];
      if (!row) throw new NotFound('The statement file of this connection is no longer stored.');
      const base64 = await this.encryption.decrypt(row.content_enc, contentField(uploadId));
      return new Uint8Array(Buffer.from(base64, 'base64'));
    };
    const em = this.inTransactionEm();
    return em.isInTransaction() ? read(em) : this.em.transactional(read);
  }

  /** Deletes the uploads of these connections (ended or disconnected: no sync will read them again). */
  async deleteOfConnections(connectionIds: readonly string[]): Promise<number> {
    if (connectionIds.length === 0) return 0;
    const rows = await this.inTransactionEm().execute<{ id: string }[]>(
      `delete from statement_upload where tenant_id = ? and connection_id in (${connectionIds.map(() => '?').join(', ')})
       returning id`,
      [tenantId(), ...connectionIds],
    );
    return rows.length;
  }

  /** Deletes one upload (a stale one whose connection ended, before importing the same file again). */
  async delete(uploadId: string): Promise<void> {
    await this.inTransactionEm().execute(`delete from statement_upload where tenant_id = ? and id = ?`, [
      tenantId(),
      uploadId,
    ]);
  }

  private inTransactionEm(): EntityManager {
    return this.em.getContext() as EntityManager;
  }
}

function tenantId(): string {
  const { tenant } = requireContext();
  if (!tenant)
    throw new Error('Statement uploads are tenant-owned: use them as a tenant (request or runAsTenant)');
  return tenant.id;
}
