import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { accessibleWhere } from '../access';
import { AuditService } from '../audit';
import { FieldEncryptionService } from '../crypto';
import { callerCustomerId } from '../customers';
import { Invalid, NotFound } from '../errors';
import { type Cursor, decodeCursor, encodeCursor } from '../pagination';
import { requireContext } from '../request-context';
import { customerAppPath } from './links';
import { Notification } from './notification.entity';

/** A notification with its body decrypted: what the customer reads. */
export interface NotificationRecord {
  id: string;
  kind: string;
  subjectRef: string | null;
  /** The customer app's page for it (`customerAppPath`), e.g. `/dashboard/for-you/insights/<id>`; null when none. */
  link: string | null;
  title: string | null;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export interface NotificationPage {
  edges: { cursor: string; node: NotificationRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
  unreadCount: number;
}

export const maxNotificationPageSize = 100;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * In-app notifications of customers. Bodies talk about the customer's money and consents, so they are
 * stored encrypted under the customer's own data key (bound to the row) and only the customer reads them.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Writes a notification to `customerId` about `subjectRef` unless one about it exists already (unique
   * index `notification_subject_once`), so retried or re-run background work notifies once. Runs in the
   * caller's transaction (current tenant); true when this call wrote it. Audited by the caller, which
   * knows what the message is about.
   */
  async notifyOnce(input: {
    customerId: string;
    kind: string;
    subjectRef: string;
    /** A short heading (insights, alerts); consent reminders have none. */
    title?: string;
    body: string;
  }): Promise<boolean> {
    const tenant = requireContext().tenant;
    if (!tenant) throw new Error('Notifications are tenant-owned: use them in a request or runAsTenant()');
    const em = this.em.getContext() as EntityManager;
    const id = randomUUID();
    const [bodyEnc, titleEnc] = await this.encryption.encryptForCustomer(input.customerId, [
      { address: bodyAddress(id), plaintext: input.body },
      ...(input.title === undefined ? [] : [{ address: titleAddress(id), plaintext: input.title }]),
    ]);
    const inserted = await em.execute<{ id: string }[]>(
      `insert into notification (id, tenant_id, customer_id, kind, subject_ref, body_enc, title_enc)
       values (?, ?, ?, ?, ?, ?, ?)
       on conflict (tenant_id, customer_id, subject_ref) where subject_ref is not null do nothing
       returning id`,
      [id, tenant.id, input.customerId, input.kind, input.subjectRef, bodyEnc, titleEnc ?? null],
    );
    return inserted.length === 1;
  }

  /** The signed-in customer's notifications, newest first, `first` 1-100, with the unread count. */
  async listOwn(options: { first: number; after?: string | null }): Promise<NotificationPage> {
    const { first } = options;
    if (!Number.isInteger(first) || first < 1 || first > maxNotificationPageSize) {
      throw Invalid.fields([{ field: 'first', problem: `must be between 1 and ${maxNotificationPageSize}` }]);
    }
    const after: Cursor | undefined = options.after ? decodeCursor(options.after) : undefined;
    const own = await this.ownWhere();
    const rows = await this.em.find(
      Notification,
      { $and: [own, olderThan(after)] },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first + 1 },
    );
    const page = rows.slice(0, first);
    const totalCount = await this.em.count(Notification, own);
    const unreadCount = await this.em.count(Notification, { $and: [own, { readAt: null }] });
    const texts = await this.decryptTexts(page);
    const edges = page.map((row, index) => ({
      cursor: encodeCursor(row),
      node: recordOf(row, texts[index]!),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
      unreadCount,
    };
  }

  /**
   * Marks one of the signed-in customer's notifications read (idempotent: the first time is kept).
   * NOT_FOUND for any other id, the same whether it exists elsewhere or not. Audited.
   */
  async markRead(id: string): Promise<NotificationRecord> {
    const own = await this.ownWhere();
    const row = uuid.test(id) ? await this.em.findOne(Notification, { $and: [own, { id }] }) : null;
    if (!row) throw new NotFound('No notification with this id is yours; check the id.');
    if (row.readAt === null) {
      row.readAt = new Date();
      await this.em.flush();
    }
    await this.audit.record({
      action: 'notification.read',
      resourceType: 'notification',
      resourceId: row.id,
      changes: { kind: row.kind },
    });
    const [texts] = await this.decryptTexts([row]);
    return recordOf(row, texts!);
  }

  /** Bodies and titles of `rows`, decrypted with one key look-up. */
  private async decryptTexts(rows: Notification[]): Promise<{ title: string | null; body: string }[]> {
    const stored = rows.flatMap((row) => [
      { stored: row.bodyEnc, address: bodyAddress(row.id) },
      ...(row.titleEnc ? [{ stored: row.titleEnc, address: titleAddress(row.id) }] : []),
    ]);
    const plain = stored.length > 0 ? await this.encryption.decryptMany(stored) : [];
    return rows.map((row) => {
      const body = plain.shift()!;
      return { body, title: row.titleEnc ? plain.shift()! : null };
    });
  }

  /** The caller's `read Notification` abilities narrowed to their own customer record. */
  private async ownWhere(): Promise<FilterQuery<Notification>> {
    const visible = (accessibleWhere('read', 'Notification') ?? { id: null }) as FilterQuery<Notification>;
    const customerId = await callerCustomerId(this.em.getContext() as EntityManager);
    return { $and: [visible, { customerId }] } as FilterQuery<Notification>;
  }
}

function bodyAddress(rowId: string) {
  return { table: 'notification', column: 'body_enc', rowId };
}

function titleAddress(rowId: string) {
  return { table: 'notification', column: 'title_enc', rowId };
}

function recordOf(row: Notification, text: { title: string | null; body: string }): NotificationRecord {
  return {
    id: row.id,
    kind: row.kind,
    subjectRef: row.subjectRef,
    link: customerAppPath(row.subjectRef),
    title: text.title,
    body: text.body,
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
}

/** Rows after `after` in the newest-first (createdAt, id) order. */
function olderThan(after: Cursor | undefined): FilterQuery<Notification> {
  return after
    ? {
        $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }],
      }
    : {};
}
