import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { PageInfoView } from '../pagination';
import type { RegionComplianceRules } from '@finpersona/plugin-sdk';
import { isConsentLive } from './consent-liveness';
import type { ShownConsentText } from './consent-texts';
import type { Consent, ConsentChannel, ConsentPurpose, ConsentStatus } from './consent.entity';
import type { ConsentSummary } from './consents.service';

/** GraphQL enums carry the stored values (`aggregation`, …) under upper-case names. */
export const ConsentPurposeValue = graphqlEnum('ConsentPurpose', {
  AGGREGATION: 'aggregation',
  PERSONALISATION: 'personalisation',
  MARKETING: 'marketing',
  ANALYTICS: 'analytics',
});
export type ConsentPurposeValue = EnumValue<typeof ConsentPurposeValue>;
export const ConsentStatusValue = graphqlEnum('ConsentStatus', {
  GRANTED: 'granted',
  REVOKED: 'revoked',
  EXPIRED: 'expired',
});
export type ConsentStatusValue = EnumValue<typeof ConsentStatusValue>;
export const ConsentChannelValue = graphqlEnum('ConsentChannel', {
  CUSTOMER_APP: 'customer-app',
  ADMIN_PORTAL: 'admin-portal',
  API: 'api',
  BANK_IMPORT: 'bank-import',
});
export type ConsentChannelValue = EnumValue<typeof ConsentChannelValue>;
export const ConsentDataCategoryValue = graphqlEnum('ConsentDataCategory', {
  ACCOUNTS: 'accounts',
  BALANCES: 'balances',
  TRANSACTIONS: 'transactions',
});
export type ConsentDataCategoryValue = EnumValue<typeof ConsentDataCategoryValue>;
/** What renewing needs from the customer under the bank's region rules. */
export const ConsentRenewalValue = graphqlEnum('ConsentRenewal', {
  STRONG_AUTHENTICATION: 'strong-authentication',
  RECONFIRMATION: 'reconfirmation',
});
export type ConsentRenewalValue = EnumValue<typeof ConsentRenewalValue>;

@ObjectType('Consent', { description: 'One of the signed-in customer’s consents.' })
export class ConsentView {
  @Field(() => ID) id!: string;
  @Field(() => ConsentPurposeValue) purpose!: ConsentPurpose;
  @Field(() => ConsentStatusValue) status!: ConsentStatus;
  @Field(() => Boolean, {
    description: 'Granted and before its expiry and renewal deadline: processing may run.',
  })
  live!: boolean;
  @Field(() => String) textVersion!: string;
  @Field(() => String, { description: 'SHA-256 (hex) of the exact text shown.' }) textHash!: string;
  @Field(() => String, { nullable: true }) locale!: string | null;
  @Field(() => ConsentChannelValue) channel!: ConsentChannel;
  @Field(() => [ConsentDataCategoryValue], { description: 'Aggregation: what may be read; empty otherwise.' })
  dataCategories!: string[];
  @Field(() => ConsentRenewalValue, {
    nullable: true,
    description: 'What renewing needs (strong authentication: the one-time code); null when it needs none.',
  })
  renewal!: string | null;
  @Field(() => Date) grantedAt!: Date;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) renewalDueAt!: Date | null;
  @Field(() => Date, { nullable: true }) renewedAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  @Field(() => Date, { nullable: true }) expiredAt!: Date | null;

  static of(consent: Consent, rules: Pick<RegionComplianceRules, 'ais'>, now = new Date()): ConsentView {
    const scope = consent.scope as { dataCategories?: unknown };
    const locale = (consent.proof as { locale?: unknown }).locale;
    return Object.assign(new ConsentView(), {
      id: consent.id,
      purpose: consent.purpose,
      status: consent.status,
      live: isConsentLive(consent, now),
      textVersion: consent.textVersion,
      textHash: consent.textHash,
      locale: typeof locale === 'string' ? locale : null,
      channel: consent.channel,
      dataCategories: Array.isArray(scope.dataCategories) ? (scope.dataCategories as string[]) : [],
      renewal:
        consent.renewalDueAt !== null && rules.ais.renewal.kind !== 'none' ? rules.ais.renewal.kind : null,
      grantedAt: consent.grantedAt,
      expiresAt: consent.expiresAt,
      renewalDueAt: consent.renewalDueAt,
      renewedAt: consent.renewedAt,
      revokedAt: consent.revokedAt,
      expiredAt: consent.expiredAt,
    });
  }
}

@ObjectType('ConsentText', {
  description: 'The current text of a purpose: show it, then grant with its version.',
})
export class ConsentTextView {
  @Field(() => ConsentPurposeValue) purpose!: ConsentPurpose;
  @Field(() => String) locale!: string;
  @Field(() => String) version!: string;
  @Field(() => String) title!: string;
  @Field(() => String) text!: string;
  @Field(() => String) textHash!: string;

  static of(text: ShownConsentText): ConsentTextView {
    const { purpose, locale, version, title, text: body, textHash } = text;
    return Object.assign(new ConsentTextView(), { purpose, locale, version, title, text: body, textHash });
  }
}

@InputType('GrantConsentInput')
export class GrantConsentInputView {
  @Field(() => ConsentPurposeValue) purpose!: ConsentPurpose;
  @Field(() => String, { description: 'The `version` of the ConsentText shown (must be the current one).' })
  textVersion!: string;
  @Field(() => String, { nullable: true, description: 'Locale of the text shown; default `en`.' })
  locale?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The `textHash` of the text shown; checked when given.',
  })
  textHash?: string | null;
  @Field(() => [ConsentDataCategoryValue], {
    nullable: true,
    description: 'Aggregation only: what may be read; default all.',
  })
  dataCategories?: string[] | null;
}

@ObjectType('ConsentSummary', {
  description: 'A consent as staff see it: no proof, no scope, no personal data.',
})
export class ConsentSummaryView {
  @Field(() => ID) id!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => ConsentPurposeValue) purpose!: ConsentPurpose;
  @Field(() => ConsentStatusValue) status!: ConsentStatus;
  @Field(() => String) textVersion!: string;
  @Field(() => ConsentChannelValue) channel!: ConsentChannel;
  @Field(() => Date) grantedAt!: Date;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) renewalDueAt!: Date | null;
  @Field(() => Date, { nullable: true }) renewedAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  @Field(() => Date, { nullable: true }) expiredAt!: Date | null;

  static of(summary: ConsentSummary): ConsentSummaryView {
    const { createdAt: _createdAt, ...shown } = summary;
    return Object.assign(new ConsentSummaryView(), shown);
  }
}

@ObjectType('ConsentCount')
export class ConsentCountView {
  @Field(() => ConsentPurposeValue) purpose!: ConsentPurpose;
  @Field(() => ConsentStatusValue) status!: ConsentStatus;
  @Field(() => Int) count!: number;
}

@ObjectType('ConsentsDueSoon', {
  description:
    "Granted consents whose deadline (renewal due or expiry, whichever is first) falls within the region's warning window; overdue ones that have not ended yet count too.",
})
export class ConsentsDueSoonView {
  @Field(() => Int, { description: "The window: the region's days of warning before a deadline." })
  withinDays!: number;
  @Field(() => Int, { description: 'Consents whose renewal is due within the window.' }) renewals!: number;
  @Field(() => Int, { description: 'Consents that expire within the window (before any renewal is due).' })
  expiries!: number;
}

@ObjectType('ConsentSummaryEdge')
export class ConsentSummaryEdgeView {
  @Field(() => String) cursor!: string;
  @Field(() => ConsentSummaryView) node!: ConsentSummaryView;
}

@ObjectType('ConsentOverview')
export class ConsentOverviewView {
  @Field(() => [ConsentCountView], { description: 'Every consent of the bank by purpose and status.' })
  counts!: ConsentCountView[];
  @Field(() => ConsentsDueSoonView) dueSoon!: ConsentsDueSoonView;
  @Field(() => [ConsentSummaryEdgeView]) edges!: ConsentSummaryEdgeView[];
  @Field(() => PageInfoView) pageInfo!: PageInfoView;
  @Field(() => Int, { description: 'Consents matching the filters.' }) totalCount!: number;
}
