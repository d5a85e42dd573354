import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { CryptoModule } from '../crypto';
import { CustomerNotifierModule } from '../customer-notifier';
import { AlertsService } from './alerts.service';
import { CustomerAlert } from './customer-alert.entity';
import { Budget } from './budget.entity';
import { BudgetsService } from './budgets.service';
import { CustomerToolsResolver } from './customer-tools.resolver';
import { CustomerRule } from './customer-rule.entity';
import { CustomerRulesResolver } from './customer-rules.resolver';
import { CustomerRulesService } from './customer-rules.service';
import { RuleSuggestionsService } from './rule-suggestions.service';
import { SavingsGoal } from './savings-goal.entity';
import { SavingsGoalsService } from './savings-goals.service';

/** Budgets, savings goals and condition alerts: the services (for the API and the worker's alert evaluation). */
@Module({
  imports: [
    MikroOrmModule.forFeature([Budget, SavingsGoal, CustomerAlert, CustomerRule]),
    AuditModule,
    CryptoModule,
    CustomerNotifierModule,
  ],
  providers: [
    BudgetsService,
    SavingsGoalsService,
    AlertsService,
    CustomerRulesService,
    RuleSuggestionsService,
  ],
  exports: [BudgetsService, SavingsGoalsService, AlertsService, CustomerRulesService, RuleSuggestionsService],
})
export class CustomerToolsModule {}

/** The customers' GraphQL for budgets, savings goals, alerts, their own rules and rule suggestions. */
@Module({
  imports: [CustomerToolsModule],
  providers: [CustomerToolsResolver, CustomerRulesResolver],
})
export class CustomerToolsGraphqlModule {}
