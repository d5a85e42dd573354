import { Injectable } from '@nestjs/common';

/**
 * The time consents are granted, renewed and revoked at, and the time every check of a consent's deadlines
 * is made at (the account sync's liveness check before each source call, its unattended-refresh window and
 * the times of its runs). The system clock, except where a process runs consents against another notion of
 * now: the workflows' time-skipping tests set it to the Temporal test server's time, so a grant's deadlines,
 * the lifecycle's timers and the sync's checks agree (`use`).
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
