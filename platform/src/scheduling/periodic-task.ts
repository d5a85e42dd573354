import type { Logger } from '@nestjs/common';

/** What a {@link PeriodicTask} runs, how often, and where its failures are reported. */
export interface PeriodicTaskOptions {
  /** Names the task in the warning a failed run logs ("<name> failed: …"). */
  name: string;
  /** The pause between the end of one run and the start of the next, in milliseconds. */
  everyMs: number;
  /** One run. A rejection is logged as a warning; the next run is scheduled all the same. */
  run: () => Promise<unknown>;
  logger: Pick<Logger, 'warn'>;
}

/**
 * A background task of this process that runs again and again: first `start(delay)` after starting, then
 * `everyMs` after each run ends, so runs never overlap. Its timer never keeps the process alive (the server
 * does). `stop()` cancels the next run and waits for the one in progress; nothing runs after it. A long run
 * checks `stopping` between its steps to end early. The webhook dispatcher's polling loop, the outbox
 * retention and the staff directory's retention run on it; Nest services start it in
 * `onApplicationBootstrap` and stop it in `onModuleDestroy`.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: PeriodicTaskOptions) {}

  /** True once `stop()` was called: a run in progress should end at its next step. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Schedules the first run `delayMs` from now (0: on the next turn of the event loop). */
  start(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.options
        .run()
        .then(() => undefined)
        .catch((error: unknown) => this.options.logger.warn(`${this.options.name} failed: ${String(error)}`))
        .finally(() => this.start(this.options.everyMs));
    }, delayMs);
    this.timer.unref();
  }

  /** Cancels the next run and resolves when the run in progress, if any, has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
