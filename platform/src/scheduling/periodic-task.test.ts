import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeriodicTask } from './periodic-task';

describe('PeriodicTask', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs first after the start delay, then the interval after each run ends, never two at once', async () => {
    const starts: number[] = [];
    let release: (() => void) | undefined;
    const task = new PeriodicTask({
      name: 'test task',
      everyMs: 1000,
      logger: { warn: vi.fn() },
      run: () => {
        starts.push(Date.now());
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    const t0 = Date.now();
    task.start(50);
    await vi.advanceTimersByTimeAsync(49);
    expect(starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([t0 + 50]);
    // The run takes 5 s: no second run starts meanwhile.
    await vi.advanceTimersByTimeAsync(5000);
    expect(starts).toHaveLength(1);
    release!();
    await vi.advanceTimersByTimeAsync(999);
    expect(starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([t0 + 50, t0 + 50 + 5000 + 1000]);
    release!();
    await task.stop();
  });

  it('logs a failed run as a warning and still runs again', async () => {
    const warn = vi.fn();
    let runs = 0;
    const task = new PeriodicTask({
      name: 'outbox pruning',
      everyMs: 10,
      logger: { warn },
      run: () => {
        runs += 1;
        return runs === 1 ? Promise.reject(new Error('database gone')) : Promise.resolve();
      },
    });
    task.start(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(warn).toHaveBeenCalledWith('outbox pruning failed: Error: database gone');
    await vi.advanceTimersByTimeAsync(10);
    expect(runs).toBe(2);
    await task.stop();
  });

  it('stop waits for the run in progress and nothing runs after it', async () => {
    let runs = 0;
    let release: (() => void) | undefined;
    const task = new PeriodicTask({
      name: 'test task',
      everyMs: 10,
      logger: { warn: vi.fn() },
      run: () => {
        runs += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    task.start(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    expect(task.stopping).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false);
    release!();
    await stopping;
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1);
    task.start(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1);
  });

  it('never keeps the process alive', async () => {
    vi.useRealTimers();
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const task = new PeriodicTask({
      name: 'test task',
      everyMs: 60_000,
      logger: { warn: vi.fn() },
      run: async () => {},
    });
    task.start(60_000);
    const timer = spy.mock.results.at(-1)?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    spy.mockRestore();
    await task.stop();
  });
});
