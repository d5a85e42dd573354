// Generates N sandbox customers with all their transactions, streaming (nothing is kept), and prints
// customers/s, transactions/s and peak RSS. Run after a build of the package and the SDK:
//   ./fp pnpm --filter @finpersona/connector-sandbox... build
//   ./fp pnpm --filter @finpersona/connector-sandbox bench -- --customers 10000
// Options: --customers N (default 100000), --seed S (default "bench"), --region EU|UK|US (default: the
// three in turn), --years Y (default 3).
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

type Package = typeof import('../src/index.ts');
// The package is CommonJS: load its build output.
const sandbox = createRequire(import.meta.url)('../dist/index.js') as Package;

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    seed: { type: 'string', default: 'bench' },
    region: { type: 'string' },
    years: { type: 'string', default: '3' },
  },
});
const customers = Number(values.customers);
const years = Number(values.years);
if (!Number.isSafeInteger(customers) || customers < 1)
  throw new Error('--customers must be a positive integer');
const regions = values.region ? [values.region as 'EU' | 'UK' | 'US'] : (['EU', 'UK', 'US'] as const);

const started = process.hrtime.bigint();
const cpuStarted = process.cpuUsage();
let transactions = 0;
let checksum = 0;
for (let index = 0; index < customers; index++) {
  const customer = sandbox.generateCustomer(values.seed, index, {
    region: regions[index % regions.length],
    years,
  });
  for (const { transaction } of customer.transactions()) {
    transactions++;
    // Touch the output so that nothing is optimised away.
    checksum = (checksum + transaction.amount.minor.length) % 1_000_000_007;
  }
  if ((index + 1) % Math.max(1, Math.floor(customers / 10)) === 0) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // With --expose-gc, the live heap after a full collection shows whether memory grows with customers.
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    const heap = collect ? `, live heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(1)} MB` : '';
    console.log(`${index + 1} customers, ${transactions} transactions, ${seconds.toFixed(1)} s${heap}`);
  }
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuStarted);
// CPU time as well as wall time: on a shared machine the wall-clock rate says more about the neighbours.
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify({
    customers,
    transactions,
    seconds: Number(seconds.toFixed(2)),
    customersPerSecond: Math.round(customers / seconds),
    transactionsPerSecond: Math.round(transactions / seconds),
    transactionsPerCustomer: Math.round(transactions / customers),
    cpuSeconds: Number(cpuSeconds.toFixed(2)),
    transactionsPerCpuSecond: Math.round(transactions / cpuSeconds),
    peakRssMb: Math.round(peakRssMb),
    checksum,
  }),
);
