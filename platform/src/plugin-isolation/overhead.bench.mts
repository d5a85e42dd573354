/**
 * Overhead of a well-behaved isolated call against the same function called in-process.
 * Run: ./fp pnpm --filter @finpersona/platform exec vitest bench --run --project unit src/plugin-isolation
 * Prints p50/p99 of N sequential calls each (N from PLUGIN_BENCH_CALLS, default 2000) after a warm-up, then
 * tinybench's own figures for the same two functions.
 */
import { afterAll, bench, describe } from 'vitest';
import { runAsTenant } from '../request-context/index.ts';
import { type IsolatedPlugin, PluginIsolation } from './plugin-isolation.ts';

const source = `function price(args) {
  let total = 0;
  for (const line of args.lines) total += line.quantity * line.unitMinor;
  return { currency: args.currency, totalMinor: total, lines: args.lines.length };
}`;
const plugin: IsolatedPlugin = {
  id: 'bench-quote',
  version: '1.0.0',
  bundle: `${source}\nmodule.exports = { quote: { price } };`,
  allowedHosts: [],
  hostFunctions: {},
};
const inProcess = new Function(`${source}\nreturn price;`)() as (args: unknown) => unknown;
const args = {
  currency: 'EUR',
  lines: Array.from({ length: 20 }, (_, index) => ({
    sku: `p-${index}`,
    quantity: index + 1,
    unitMinor: 1250,
  })),
};
const tenant = { id: 'bench-tenant', slug: 'bench', realm: 'bench' };
const calls = Number(process.env.PLUGIN_BENCH_CALLS ?? 2_000);
const isolation = new PluginIsolation();
const isolated = () => runAsTenant(tenant, () => isolation.call(plugin, 'quote.price', args));

function percentiles(samples: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return {
    p50: at(0.5),
    p99: at(0.99),
    mean: samples.reduce((sum, value) => sum + value, 0) / samples.length,
  };
}

async function measure(fn: () => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return samples;
}

const coldStarted = performance.now();
const first = await isolated();
const coldMs = performance.now() - coldStarted;
if (first.outcome.kind !== 'ok')
  throw new Error(`the benchmark plugin failed: ${JSON.stringify(first.outcome)}`);
for (let i = 0; i < 200; i++) await isolated();
const baseline = percentiles(await measure(() => inProcess(args)));
const sandboxed = percentiles(await measure(isolated));
const fmt = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
console.log(
  `plugin-isolation overhead, ${calls} sequential calls each (first isolated call, cold: ${coldMs.toFixed(0)} ms)`,
);
console.log(`  in-process: p50 ${fmt(baseline.p50)}  p99 ${fmt(baseline.p99)}  mean ${fmt(baseline.mean)}`);
console.log(
  `  isolated:   p50 ${fmt(sandboxed.p50)}  p99 ${fmt(sandboxed.p99)}  mean ${fmt(sandboxed.mean)}`,
);
console.log(
  `  overhead:   p50 +${fmt(sandboxed.p50 - baseline.p50)}  p99 +${fmt(sandboxed.p99 - baseline.p99)}`,
);

describe('plugin call', () => {
  afterAll(() => isolation.close());

  bench('in-process', () => {
    inProcess(args);
  });
  bench('isolated (sandbox process + isolate)', async () => {
    await isolated();
  });
});
