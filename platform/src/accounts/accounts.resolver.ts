import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { authorize, callerIsBankStaff, requireStepUp } from '../access';
import {
  AccountView,
  CompleteConnectionInputValue,
  ConnectSourceInputValue,
  ConnectSourceResultView,
  ImportStatementInputValue,
  StatementImportResultView,
  StatementImportSummaryView,
  SourceConnectionView,
  TransactionConnectionView,
  TransactionFilterValue,
  TransactionView,
} from './accounts.graphql';
import { ConnectionsService } from './connections.service';
import { StatementImportsService } from './statement-imports.service';
import { TransactionsService } from './transactions.service';

/**
 * The customer's sources, accounts and transactions. Customers act on their own data; bank staff read a
 * named customer's connections and accounts (audited), and their transactions only with a recent second
 * factor (step-up), like other reads of customers' personal data.
 */
@Resolver()
export class AccountsResolver {
  constructor(
    private readonly connectionsService: ConnectionsService,
    private readonly transactionsService: TransactionsService,
    private readonly statementImports: StatementImportsService,
  ) {}

  @Query(() => [SourceConnectionView], {
    description:
      "Connections to sources, oldest first: a customer's own (customerId omitted or their own id); bank staff name a customer of their bank. Staff reads are audited.",
  })
  async connections(
    @Args('customerId', { type: () => ID, nullable: true }) customerId: string | null,
  ): Promise<SourceConnectionView[]> {
    authorize('read', 'Connection', 'list connections');
    const rows = await this.connectionsService.listVisible(customerId);
    return rows.map((row) => SourceConnectionView.of(row));
  }

  @Query(() => [AccountView], {
    description:
      'Accounts with their latest balances (identifiers masked), optionally of one connection; whose as for `connections`. Staff reads are audited.',
  })
  async accounts(
    @Args('customerId', { type: () => ID, nullable: true }) customerId: string | null,
    @Args('connectionId', { type: () => ID, nullable: true }) connectionId: string | null,
  ): Promise<AccountView[]> {
    authorize('read', 'Account', 'list accounts');
    const rows = await this.connectionsService.listAccounts(customerId, connectionId);
    return rows.map(({ account, balances }) => AccountView.of(account, balances));
  }

  @Query(() => TransactionConnectionView, {
    description:
      'Transactions, newest booking date first, filtered; `first` 1-100, opaque `after` cursors. Bank staff need a recent second factor; their reads are audited.',
  })
  async transactions(
    @Args('customerId', { type: () => ID, nullable: true }) customerId: string | null,
    @Args('filter', { type: () => TransactionFilterValue, nullable: true })
    filter: TransactionFilterValue | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 25 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<TransactionConnectionView> {
    authorize('read', 'AccountTransaction', "read a customer's transactions");
    if (callerIsBankStaff()) requireStepUp("read a customer's transactions");
    const page = await this.transactionsService.listVisible({
      customerId,
      filter,
      first: first ?? 25,
      after,
    });
    return Object.assign(new TransactionConnectionView(), {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: TransactionView.of(edge.node) })),
      pageInfo: page.pageInfo,
    });
  }

  @Mutation(() => ConnectSourceResultView, {
    description:
      'Starts connecting a source under your live aggregation consent. Returns the URL to authorise at the source, or an already active connection.',
  })
  async connectSource(
    @Args('input', { type: () => ConnectSourceInputValue }) input: ConnectSourceInputValue,
  ): Promise<ConnectSourceResultView> {
    authorize('create', 'Connection', 'connect a source');
    const result = await this.connectionsService.connect(input);
    return Object.assign(new ConnectSourceResultView(), {
      connection: SourceConnectionView.of(result.connection),
      authorisationUrl: result.authorisationUrl,
    });
  }

  @Mutation(() => SourceConnectionView, {
    description:
      'Completes a connection when the source sends you back (state and callback parameters). A used or unknown state is NOT_FOUND.',
  })
  async completeConnection(
    @Args('input', { type: () => CompleteConnectionInputValue }) input: CompleteConnectionInputValue,
  ): Promise<SourceConnectionView> {
    authorize('update', 'Connection', 'complete a connection');
    return SourceConnectionView.of(await this.connectionsService.complete(input.state, input.callback));
  }

  @Mutation(() => SourceConnectionView, {
    description:
      'Disconnects one of your connections: revoked at the source, data handled by the bank region’s rule.',
  })
  async disconnectConnection(@Args('id', { type: () => ID }) id: string): Promise<SourceConnectionView> {
    authorize('delete', 'Connection', 'disconnect a connection');
    return SourceConnectionView.of(await this.connectionsService.disconnect(id));
  }

  @Mutation(() => SourceConnectionView, {
    description: 'Starts a sync of one of your active connections now.',
  })
  async syncConnection(@Args('id', { type: () => ID }) id: string): Promise<SourceConnectionView> {
    authorize('update', 'Connection', 'sync a connection');
    return SourceConnectionView.of(await this.connectionsService.syncNow(id));
  }

  @Mutation(() => StatementImportResultView, {
    description:
      'Imports a statement file (CSV with a mapping or preset, OFX, camt.053, at most 5 MiB) under your live aggregation consent. ' +
      'The file is checked whole first: a bad file is INVALID with `extensions.fileProblems` listing every problem ' +
      '(`line`, `field`, `message`; the first 100, `moreFileProblems` counts the rest) and nothing is stored. ' +
      'A good file becomes a statement-file connection whose first sync brings its accounts and transactions; ' +
      'importing the same file again changes nothing (`alreadyImported`).',
  })
  async importStatement(
    @Args('input', { type: () => ImportStatementInputValue }) input: ImportStatementInputValue,
  ): Promise<StatementImportResultView> {
    authorize('create', 'Connection', 'import a statement');
    const result = await this.statementImports.import(input);
    return Object.assign(new StatementImportResultView(), {
      connection: SourceConnectionView.of(result.connection),
      alreadyImported: result.alreadyImported,
      summary: Object.assign(new StatementImportSummaryView(), result.summary),
    });
  }
}
