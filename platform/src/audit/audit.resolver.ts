import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { authorize, requireStepUp } from '../access';
import { Invalid } from '../errors';
import { AuditService } from './audit.service';
import {
  AuditEntryConnectionView,
  AuditEntryView,
  AuditExportFormatValue,
  AuditVerificationView,
} from './audit.graphql';
import { exportEntries } from './export';

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEntryConnectionView, {
    description:
      "Compliance officers: the addressed bank's audit trail by seq, optionally for occurredAt in [from, to). `first` is 1-100. The read is itself audited.",
  })
  async auditTrail(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('from', { type: () => Date, nullable: true }) from: Date | null,
    @Args('to', { type: () => Date, nullable: true }) to: Date | null,
  ): Promise<AuditEntryConnectionView> {
    authorize('read', 'AuditEntry', 'read the audit trail');
    const page = await this.audit.page({
      first: first ?? 25,
      afterSeq: after ? decodeCursor(after) : undefined,
      from: from ?? undefined,
      to: to ?? undefined,
    });
    await this.audit.record({
      action: 'audit.read',
      resourceType: 'audit_entry',
      changes: { returned: page.entries.length },
    });
    const edges = page.entries.map((entry) => ({
      cursor: encodeCursor(entry.seq),
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

function encodeCursor(seq: number): string {
  return Buffer.from(`audit:${seq}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): number {
  const match = /^audit:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw Invalid.fields([{ field: 'after', problem: 'is not a cursor of this list' }]);
  return Number(match[1]);
}
