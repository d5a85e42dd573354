import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import type { AuditEntry, ChainVerification } from './chain';

export const AuditExportFormatValue = graphqlEnum('AuditExportFormat', { CSV: 'CSV', JSON: 'JSON' });
export type AuditExportFormatValue = EnumValue<typeof AuditExportFormatValue>;

export const AuditOrderValue = graphqlEnum(
  'AuditOrder',
  { OLDEST_FIRST: 'oldest-first', NEWEST_FIRST: 'newest-first' },
  { description: 'The order of `auditTrail` by seq; a cursor is valid only in the order that returned it.' },
);
export type AuditOrderValue = EnumValue<typeof AuditOrderValue>;

export const AuditOutcomeValue = graphqlEnum(
  'AuditOutcome',
  { ALLOWED: 'allowed', DENIED: 'denied', FAILED: 'failed' },
  { description: "An entry's outcome, as `AuditEntry.outcome` spells it in lower case." },
);
export type AuditOutcomeValue = EnumValue<typeof AuditOutcomeValue>;

@ObjectType('AuditActor')
export class AuditActorView {
  @Field(() => String, { description: 'Token subject, or `system` for background work.' }) subject!: string;
  @Field(() => String, { nullable: true }) realm!: string | null;
  @Field(() => [String]) roles!: string[];
  @Field(() => String, { nullable: true, description: 'OIDC client (azp) of the token.' })
  client!: string | null;
}

@ObjectType('AuditEntry')
export class AuditEntryView {
  @Field(() => ID) id!: string;
  @Field(() => Int) seq!: number;
  @Field(() => Date) occurredAt!: Date;
  @Field(() => AuditActorView) actor!: AuditActorView;
  @Field(() => String) action!: string;
  @Field(() => String) resourceType!: string;
  @Field(() => String, { nullable: true }) resourceId!: string | null;
  @Field(() => String, { description: 'JSON object: changed field names, personal values redacted.' })
  changes!: string;
  @Field(() => String, { nullable: true }) ip!: string | null;
  @Field(() => String) requestId!: string;
  @Field(() => String, { description: '`allowed`, `denied` or `failed`.' }) outcome!: string;
  @Field(() => String) prevHash!: string;
  @Field(() => String) hash!: string;

  static of(entry: AuditEntry): AuditEntryView {
    return Object.assign(new AuditEntryView(), {
      ...entry,
      actor: Object.assign(new AuditActorView(), entry.actor),
      changes: JSON.stringify(entry.changes),
    });
  }
}

@ObjectType('AuditEntryEdge')
export class AuditEntryEdgeView {
  @Field(() => String) cursor!: string;
  @Field(() => AuditEntryView) node!: AuditEntryView;
}

@ObjectType('AuditPageInfo')
export class AuditPageInfoView {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType('AuditEntryConnection')
export class AuditEntryConnectionView {
  @Field(() => [AuditEntryEdgeView]) edges!: AuditEntryEdgeView[];
  @Field(() => AuditPageInfoView) pageInfo!: AuditPageInfoView;
}

@ObjectType('AuditBrokenLink')
export class AuditBrokenLinkView {
  @Field(() => Int) seq!: number;
  @Field(() => String, {
    description: 'GAP, PREV_LINK, REORDER, HASH_MISMATCH, TRUNCATED or ANCHOR_MISMATCH.',
  })
  problem!: string;
  @Field(() => String) detail!: string;
}

@ObjectType('AuditVerification')
export class AuditVerificationView {
  @Field(() => Boolean) intact!: boolean;
  @Field(() => Int, { description: 'Entries checked.' }) checked!: number;
  @Field(() => Int, { nullable: true }) headSeq!: number | null;
  @Field(() => String, {
    nullable: true,
    description: 'Keep it elsewhere to detect a truncated chain later.',
  })
  headHash!: string | null;
  @Field(() => AuditBrokenLinkView, { nullable: true }) firstBroken!: AuditBrokenLinkView | null;

  static of(verification: ChainVerification): AuditVerificationView {
    return Object.assign(new AuditVerificationView(), {
      intact: verification.intact,
      checked: verification.checked,
      headSeq: verification.headSeq,
      headHash: verification.headHash,
      firstBroken: verification.firstBroken
        ? Object.assign(new AuditBrokenLinkView(), verification.firstBroken)
        : null,
    });
  }
}
