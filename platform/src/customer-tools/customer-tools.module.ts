import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { CryptoModule } from '../crypto';
import { Budget } from './budget.entity';
import { BudgetsService } from './budgets.service';
import { CustomerToolsResolver } from './customer-tools.resolver';
import { SavingsGoal } from './savings-goal.entity';
import { SavingsGoalsService } from './savings-goals.service';

/** Budgets and savings goals: the services (for the API and, later, alert evaluation in the worker). */
@Module({
  imports: [MikroOrmModule.forFeature([Budget, SavingsGoal]), AuditModule, CryptoModule],
  providers: [BudgetsService, SavingsGoalsService],
  exports: [BudgetsService, SavingsGoalsService],
})
export class CustomerToolsModule {}

/** The customers' GraphQL for budgets and savings goals. */
@Module({
  imports: [CustomerToolsModule],
  providers: [CustomerToolsResolver],
})
export class CustomerToolsGraphqlModule {}
