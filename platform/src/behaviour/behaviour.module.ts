import { Module } from '@nestjs/common';
import { BehaviourService } from './behaviour.service';

/** Per-customer features, recurring payments and the cash-flow forecast (issue 6, behaviour). */
@Module({
  providers: [BehaviourService],
  exports: [BehaviourService],
})
export class BehaviourModule {}
