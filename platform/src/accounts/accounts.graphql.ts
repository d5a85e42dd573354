import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import { CategorySourceValue } from '../enrichment';
import { MoneyView } from '../money';
import { PageInfoView } from '../pagination';
import type { Account } from './account.entity';
import type { Balance } from './balance.entity';
import type { Connection } from './connection.entity';
import type { TransactionRecord } from './transactions.service';

export const ConnectionStatusValue = graphqlEnum(
  'ConnectionStatus',
  {
    PENDING: 'pending',
    ACTIVE: 'active',
    EXPIRED: 'expired',
    REVOKED: 'revoked',
    FAILED: 'failed',
    DISCONNECTED: 'disconnected',
  },
  {
    valueDescriptions: {
      PENDING: 'Waiting for the customer to authorise at the source.',
      ACTIVE: 'Syncing on its schedule.',
      EXPIRED: 'The consent (ours or the source’s) ended; nothing is fetched any more.',
      REVOKED: 'The customer revoked the consent; nothing is fetched any more.',
      FAILED: 'Authorising or syncing failed for a reason retrying cannot fix (see errorCode).',
      DISCONNECTED: 'The customer removed it.',
    },
  },
);
export type ConnectionStatusValue = EnumValue<typeof ConnectionStatusValue>;

export const StatementFormatValue = graphqlEnum(
  'StatementFormat',
  { CSV: 'csv', OFX: 'ofx', CAMT053: 'camt053' },
  {
    valueDescriptions: {
      CSV: 'CSV with a column mapping (JSON) or a preset (`pkdd99`).',
      OFX: 'OFX 1.x (SGML) or 2.x (XML) bank or credit-card statement.',
      CAMT053: 'ISO 20022 camt.053 (.001.02 or .001.08), validated against the official XSD.',
    },
  },
);
export type StatementFormatValue = EnumValue<typeof StatementFormatValue>;

export const TransactionDirectionValue = graphqlEnum('TransactionDirection', {
  CREDIT: 'credit',
  DEBIT: 'debit',
});
export type TransactionDirectionValue = EnumValue<typeof TransactionDirectionValue>;

export const TransactionStatusValue = graphqlEnum('TransactionStatus', {
  BOOKED: 'booked',
  PENDING: 'pending',
});
export type TransactionStatusValue = EnumValue<typeof TransactionStatusValue>;

@ObjectType('SourceConnection', {
  description:
    "A customer's link to one source (bank API, statement file, sandbox) under an aggregation consent.",
})
export class SourceConnectionView {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Id of the connector (e.g. "open-banking-uk").' }) connector!: string;
  @Field(() => ConnectionStatusValue) status!: ConnectionStatusValue;
  @Field(() => ID) consentId!: string;
  @Field(() => Date, { nullable: true, description: 'When the source’s own consent ends.' })
  sourceExpiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastSyncAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Outcome of the last sync (succeeded, partial, …).' })
  lastSyncStatus!: string | null;
  @Field(() => String, { nullable: true }) errorCode!: string | null;
  @Field(() => String, { nullable: true }) errorMessage!: string | null;
  @Field(() => Date) createdAt!: Date;

  static of(connection: Connection): SourceConnectionView {
    return Object.assign(new SourceConnectionView(), {
      id: connection.id,
      connector: connection.connector,
      status: connection.status as ConnectionStatusValue,
      consentId: connection.consentId,
      sourceExpiresAt: connection.sourceExpiresAt,
      lastSyncAt: connection.lastSyncAt,
      lastSyncStatus: connection.lastSyncStatus,
      errorCode: connection.errorCode,
      errorMessage: connection.errorMessage,
      createdAt: connection.createdAt,
    });
  }
}

@ObjectType('ConnectSourceResult')
export class ConnectSourceResultView {
  @Field(() => SourceConnectionView) connection!: SourceConnectionView;
  @Field(() => String, {
    nullable: true,
    description:
      'Send the customer here to authorise at the source; null when the connection is already active.',
  })
  authorisationUrl!: string | null;
}

@ObjectType('AccountBalance')
export class AccountBalanceView {
  @Field(() => String, { description: 'booked, available, closing, expected or interim.' }) type!: string;
  @Field(() => MoneyView, { description: 'Signed: negative when overdrawn (or owed on a card).' })
  amount!: MoneyView;
  @Field(() => Date) asOf!: Date;
  @Field(() => MoneyView, { nullable: true }) creditLimit!: MoneyView | null;

  static of(balance: Balance): AccountBalanceView {
    return Object.assign(new AccountBalanceView(), {
      type: balance.type,
      amount: MoneyView.of({ minor: String(balance.amountMinor), currency: balance.currency }),
      asOf: balance.asOf,
      creditLimit:
        balance.creditLimitMinor === null
          ? null
          : MoneyView.of({ minor: String(balance.creditLimitMinor), currency: balance.currency }),
    });
  }
}

@ObjectType('Account', {
  description: 'An account found through a connection. Identifiers are shown masked only.',
})
export class AccountView {
  @Field(() => ID) id!: string;
  @Field(() => ID) connectionId!: string;
  @Field(() => String, { description: 'current, savings, credit-card, loan, mortgage, investment or other.' })
  type!: string;
  @Field(() => String) currency!: string;
  @Field(() => String, { nullable: true, description: 'Product name or nickname from the source.' })
  name!: string | null;
  @Field(() => String, { nullable: true, description: 'The last four characters only, e.g. "•••• 1234".' })
  maskedIdentifier!: string | null;
  @Field(() => [AccountBalanceView], { description: 'The latest balance of each type the source reports.' })
  balances!: AccountBalanceView[];

  static of(account: Account, balances: Balance[]): AccountView {
    return Object.assign(new AccountView(), {
      id: account.id,
      connectionId: account.connectionId,
      type: account.type,
      currency: account.currency,
      name: account.name,
      maskedIdentifier: account.maskedIdentifier,
      balances: balances.map((balance) => AccountBalanceView.of(balance)),
    });
  }
}

@ObjectType('Counterparty')
export class CounterpartyView {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) account!: string | null;
}

@ObjectType('Transaction')
export class TransactionView {
  @Field(() => ID) id!: string;
  @Field(() => ID) accountId!: string;
  @Field(() => MoneyView, { description: 'Always positive; `direction` says which way it went.' })
  amount!: MoneyView;
  @Field(() => TransactionDirectionValue) direction!: TransactionDirectionValue;
  @Field(() => TransactionStatusValue) status!: TransactionStatusValue;
  @Field(() => String, { description: 'YYYY-MM-DD.' }) bookingDate!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' }) valueDate!: string | null;
  @Field(() => CounterpartyView, { nullable: true }) counterparty!: CounterpartyView | null;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { nullable: true }) merchantName!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'The merchant’s name cleaned for display (no processor prefix, store number or city).',
  })
  merchantDisplayName!: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 18245 merchant category code.' }) mcc!:
    string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Category id of the taxonomy (`categories`); null until something categorised it.',
  })
  category!: string | null;
  @Field(() => CategorySourceValue, { nullable: true, description: 'Who decided `category`.' })
  categorySource!: CategorySourceValue | null;
  @Field(() => Float, { nullable: true, description: '0–1: how sure `categorySource` was.' })
  categoryConfidence!: number | null;

  static of(record: TransactionRecord): TransactionView {
    return Object.assign(new TransactionView(), {
      ...record,
      categorySource: record.categorySource as CategorySourceValue | null,
      amount: MoneyView.of({ minor: record.amountMinor, currency: record.currency }),
      direction: record.direction as TransactionDirectionValue,
      status: record.status as TransactionStatusValue,
      counterparty: record.counterparty ? Object.assign(new CounterpartyView(), record.counterparty) : null,
    });
  }
}

@ObjectType('TransactionEdge')
export class TransactionEdgeView {
  @Field(() => String) cursor!: string;
  @Field(() => TransactionView) node!: TransactionView;
}

@ObjectType('TransactionConnection')
export class TransactionConnectionView {
  @Field(() => [TransactionEdgeView]) edges!: TransactionEdgeView[];
  @Field(() => PageInfoView) pageInfo!: PageInfoView;
}

@InputType('ConnectSourceInput')
export class ConnectSourceInputValue {
  @Field(() => String, { description: 'Id of a connector the bank offers.' }) connector!: string;
  @Field(() => ID, { description: 'Your live aggregation consent.' }) consentId!: string;
  @Field(() => String, {
    description: "Where the source sends you back: /connections/callback on the bank's customer app origin.",
  })
  redirectUri!: string;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) includeHistory!: boolean | null;
}

@InputType('ImportStatementInput')
export class ImportStatementInputValue {
  @Field(() => ID, { description: 'Your live aggregation consent.' }) consentId!: string;
  @Field(() => StatementFormatValue) format!: StatementFormatValue;
  @Field(() => String, {
    description: 'The file in base64 (RFC 4648, padded; line breaks allowed); at most 5 MiB decoded.',
  })
  content!: string;
  @Field(() => String, { description: 'The file’s name (1-255 characters); stored encrypted.' })
  fileName!: string;
  @Field(() => String, {
    nullable: true,
    description: 'CSV only, required there: a preset’s name (`pkdd99`) or a column mapping as JSON text.',
  })
  mapping?: string | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Only these accounts of a multi-account file (their ids as the file gives them).',
  })
  accounts?: string[] | null;
}

@ObjectType('StatementImportSummary', { description: 'What the imported file holds.' })
export class StatementImportSummaryView {
  @Field(() => Int) accounts!: number;
  @Field(() => Int) transactions!: number;
  @Field(() => String, { nullable: true, description: 'Earliest booking date, YYYY-MM-DD.' })
  firstBookingDate!: string | null;
  @Field(() => String, { nullable: true, description: 'Latest booking date, YYYY-MM-DD.' })
  lastBookingDate!: string | null;
}

@ObjectType('StatementImportResult')
export class StatementImportResultView {
  @Field(() => SourceConnectionView, {
    description: 'The statement-file connection; its accounts and transactions arrive with its first sync.',
  })
  connection!: SourceConnectionView;
  @Field(() => Boolean, {
    description:
      'True when this very file was imported before and its connection is active: nothing was stored.',
  })
  alreadyImported!: boolean;
  @Field(() => StatementImportSummaryView) summary!: StatementImportSummaryView;
}

@InputType('CallbackParameterInput')
export class CallbackParameterInputValue {
  @Field(() => String) name!: string;
  @Field(() => String) value!: string;
}

@InputType('CompleteConnectionInput')
export class CompleteConnectionInputValue {
  @Field(() => String, { description: 'The `state` query parameter of the redirect back.' }) state!: string;
  @Field(() => [CallbackParameterInputValue], {
    description: 'Every query parameter of the redirect back (code, state, error, …).',
  })
  callback!: CallbackParameterInputValue[];
}

@InputType('TransactionFilter')
export class TransactionFilterValue {
  @Field(() => ID, { nullable: true }) accountId?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, inclusive.' }) bookedFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, inclusive.' }) bookedTo?: string | null;
  @Field(() => TransactionDirectionValue, { nullable: true }) direction?: TransactionDirectionValue | null;
  @Field(() => String, { nullable: true, description: 'Minor units, inclusive (e.g. "1000" = 10.00).' })
  minAmountMinor?: string | null;
  @Field(() => String, { nullable: true, description: 'Minor units, inclusive.' }) maxAmountMinor?:
    string | null;
  @Field(() => TransactionStatusValue, { nullable: true }) status?: TransactionStatusValue | null;
}
