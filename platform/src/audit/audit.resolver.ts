import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { authorize, requireStepUp } from '../access';
import { Invalid } from '../errors';
import { type AuditFilters, AuditService } from './audit.service';
import {
  AuditEntryConnectionView,
  AuditEntryView,
  AuditExportFormatValue,
  AuditOrderValue,
  AuditOutcomeValue,
  AuditVerificationView,
} from './audit.graphql';
import { exportEntries } from './export';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEntryConnectionView, {
    description:
      "Compliance officers: the addressed bank's audit trail by seq, oldest first unless `order` is NEWEST_FIRST, narrowed by the filters given (all must hold): occurredAt in [from, to); `action` exact, or a prefix ending in `.` (`consent.`); `outcome`; `resourceType`; `resourceId`; `actorSubject`. `first` is 1-100; a cursor is valid only in the order that returned it. The read is itself audited with the filters used.",
  })
  async auditTrail(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('from', { type: () => Date, nullable: true }) from: Date | null,
    @Args('to', { type: () => Date, nullable: true }) to: Date | null,
    @Args('order', {
      type: () => AuditOrderValue,
      nullable: true,
      defaultValue: AuditOrderValue.OLDEST_FIRST,
    })
    order: AuditOrderValue | null,
    @Args('action', { type: () => String, nullable: true }) action: string | null,
    @Args('outcome', { type: () => AuditOutcomeValue, nullable: true }) outcome: AuditOutcomeValue | null,
    @Args('resourceType', { type: () => String, nullable: true }) resourceType: string | null,
    @Args('resourceId', { type: () => String, nullable: true }) resourceId: string | null,
    @Args('actorSubject', { type: () => String, nullable: true }) actorSubject: string | null,
  ): Promise<AuditEntryConnectionView> {
    authorize('read', 'AuditEntry', 'read the audit trail');
    const direction = order ?? AuditOrderValue.OLDEST_FIRST;
    const filters: AuditFilters = Object.fromEntries(
      Object.entries({ from, to, action, outcome, resourceType, resourceId, actorSubject }).filter(
        ([, value]) => value !== null && value !== undefined,
      ),
    );
    const page = await this.audit.page({
      first: first ?? 25,
      afterSeq: after ? decodeCursor(after, direction) : undefined,
      order: direction,
      filters,
    });
    await this.audit.record({
      action: 'audit.read',
      resourceType: 'audit_entry',
      changes: { returned: page.entries.length, order: direction, filters: recordedFilters(filters) },
    });
    const edges = page.entries.map((entry) => ({
      cursor: encodeCursor(entry.seq, direction),
      node: AuditEntryView.of(entry),
    }));
    return Object.assign(new AuditEntryConnectionView(), {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
    });
  }

  @Query(() => AuditVerificationView, {
    description:
      "Compliance officers: walks the addressed bank's whole chain and reports the first broken link.",
  })
  async verifyAuditTrail(): Promise<AuditVerificationView> {
    authorize('verify', 'AuditEntry', 'verify the audit trail');
    const verification = await this.audit.verifyCurrent();
    await this.audit.record({
      action: 'audit.verify',
      resourceType: 'audit_entry',
      changes: { intact: verification.intact, checked: verification.checked },
    });
    return AuditVerificationView.of(verification);
  }

  @Query(() => String, {
    description:
      'Compliance officers: entries with occurredAt in [from, to) as CSV or JSON; the range is at most 366 days and 10,000 entries.',
  })
  async exportAuditTrail(
    @Args('from', { type: () => Date }) from: Date,
    @Args('to', { type: () => Date }) to: Date,
    @Args('format', { type: () => AuditExportFormatValue, nullable: true, defaultValue: 'JSON' })
    format: AuditExportFormatValue | null,
  ): Promise<string> {
    authorize('export', 'AuditEntry', 'export the audit trail');
    requireStepUp('export the audit trail');
    const entries = await this.audit.entriesBetween(from, to);
    await this.audit.record({
      action: 'audit.export',
      resourceType: 'audit_entry',
      changes: {
        format: format ?? 'JSON',
        from: from.toISOString(),
        to: to.toISOString(),
        returned: entries.length,
      },
    });
    return exportEntries(entries, format ?? AuditExportFormatValue.JSON);
  }
}

/** The filters as the `audit.read` entry keeps them: dates as ISO text (subjects are opaque ids). */
function recordedFilters(filters: AuditFilters): { [key: string]: string } {
  return Object.fromEntries(
    Object.entries(filters).map(([name, value]) => [
      name,
      value instanceof Date ? value.toISOString() : value,
    ]),
  );
}

// Oldest-first cursors keep the format they had before `order` existed, so cursors handed out earlier stay valid.
const cursorPrefix: Record<AuditOrderValue, string> = {
  'oldest-first': 'audit:',
  'newest-first': 'audit:newest:',
};

function encodeCursor(seq: number, order: AuditOrderValue): string {
  return Buffer.from(`${cursorPrefix[order]}${seq}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, order: AuditOrderValue): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = text.startsWith(cursorPrefix[order])
    ? /^(\d{1,15})$/.exec(text.slice(cursorPrefix[order].length))
    : null;
  if (!match) throw Invalid.fields([{ field: 'after', problem: 'is not a cursor of this list' }]);
  return Number(match[1]);
}
