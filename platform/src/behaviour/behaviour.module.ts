import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents';
import { CryptoModule } from '../crypto';
import { BehaviourResolver } from './behaviour.resolver';
import { BehaviourService } from './behaviour.service';

/** Per-customer features, recurring payments and the cash-flow forecast (issue 6, behaviour). */
@Module({
  imports: [CryptoModule, ConsentsModule],
  providers: [BehaviourService],
  exports: [BehaviourService],
})
export class BehaviourModule {}

/** The customers' `spendByCategory`, `recurringPayments` and `cashFlowForecast` queries. */
@Module({
  imports: [BehaviourModule],
  providers: [BehaviourResolver],
})
export class BehaviourGraphqlModule {}
