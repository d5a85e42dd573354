import { Injectable } from '@nestjs/common';

/**
 * The time consents are granted, renewed and revoked at. The system clock, except where a process runs
 * consents against another notion of now: the workflows' time-skipping tests set it to the Temporal test
 * server's time, so a grant's deadlines and the lifecycle's timers agree (`use`).
 */
@Injectable()
export class ConsentClock {
  private source: () => Date = () => new Date();

  now(): Date {
    return this.source();
  }

  use(source: () => Date): void {
    this.source = source;
  }
}
