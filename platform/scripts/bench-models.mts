// Benchmark of the recommendation models (issue 6, acceptance 3), in one run and printed as one table:
// training time of the default model (`@finpersona/model-propensity`) for 10k and 100k synthetic customers on
// the wasm and cpu backends, batch scoring throughput (customers/s) on each, and the logistic-regression
// baseline's training time beside it. Run after a build (it loads `dist`, as the platform runs):
//   ./fp pnpm -r build   (or the platform and the packages it uses)
//   ./fp pnpm --filter @finpersona/platform bench:models
// Options: --customers 10000,100000   --backends wasm,cpu   --epochs N (default 5: a fixed number of epochs
// per network, no early stopping, so backends and sizes compare)   --ensemble N (default 1)
//   --score N (customers per scoring batch, default 10000)   --products N (default 4)
// Serving latency of a customer's dashboard and recommendations (second table): the real API over HTTP on the
// real PostgreSQL with tokens from the real Keycloak, measured by `src/testing/serving-latency.bench.ts`
// through vitest (`vitest.bench.config.ts`: it reuses the integration fixtures; with KEYCLOAK_URL,
// TEMPORAL_ADDRESS and TEST_DATABASE_ADMIN_URL set, e.g. from `./fp services`, it uses those services,
// otherwise it starts them, embedded PostgreSQL included; DATABASE_URL names another PostgreSQL server).
//   --serving-customers N (default 100)   --serving-requests N (default 300)   --concurrency N (default 8)
//   --only models|serving   --quick (10k customers on wasm only, 40 serving customers, 150 requests)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

type Models = typeof import('../src/models/index.ts');
type Propensity = typeof import('../../plugins/model-propensity/src/index.ts');
type Sdk = typeof import('../../plugins/sdk/src/index.ts');
// The packages are CommonJS: load their build output.
const load = createRequire(import.meta.url);
const models = load('../dist/models/index.js') as Models;
const propensity = load('@finpersona/model-propensity') as Propensity;
const sdk = load('@finpersona/plugin-sdk') as Sdk;

// pnpm passes a `--` separator through: it is not an option.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    customers: { type: 'string', default: '10000,100000' },
    backends: { type: 'string', default: 'wasm,cpu' },
    epochs: { type: 'string', default: '5' },
    ensemble: { type: 'string', default: '1' },
    score: { type: 'string', default: '10000' },
    products: { type: 'string', default: '4' },
    'serving-customers': { type: 'string' },
    'serving-requests': { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
if (values.quick) {
  values.customers = values.customers === '10000,100000' ? '10000' : values.customers;
  values.backends = values.backends === 'wasm,cpu' ? 'wasm' : values.backends;
}
if (values.only !== undefined && values.only !== 'models' && values.only !== 'serving')
  throw new Error('--only must be models or serving');
const positive = (name: string, text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
};
const sizes = values.customers.split(',').map((text) => positive('customers', text));
const backends = values.backends.split(',') as ('wasm' | 'cpu' | 'native')[];
const epochs = positive('epochs', values.epochs);
const ensemble = positive('ensemble', values.ensemble);
const scoreBatch = positive('score', values.score);
const productCount = Math.min(positive('products', values.products), sdk.productTypes.length);

const spending = [
  'groceries',
  'eating-out',
  'transport',
  'shopping',
  'subscriptions',
  'housing',
  'household-bills',
];
const featureNames = [
  'customer.age',
  'customer.tenure',
  'income.monthly',
  'income.regular',
  'income.change',
  'spend.monthly',
  'spend.trend',
  ...spending.map((id) => `spend.category.${id}`),
  'balance.mean',
  'balance.min',
  'balance.volatility',
  'balance.idle',
  'savings.rate',
  'recurring.count',
  'recurring.monthly',
  'forecast.min-balance-30d',
  'forecast.days-to-min-balance',
  'transactions.monthly',
  'overdraft.days',
  ...sdk.productTypes.map((type) => `products-held.${type}`),
];
const products = sdk.productTypes.slice(0, productCount).map((type) => ({ id: type, type }));

/** Synthetic customers with behaviour-shaped features and planted propensities (a tenth unknown income). */
function customers(count: number, seed: number, prefix: string) {
  // Seeded (the SDK's mulberry32), so every run benchmarks the same data.
  const next = sdk.seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  return Array.from({ length: count }, (_, index) => {
    const income = Math.round(Math.exp(7.8 + 0.5 * gaussian()) * 100);
    const spend = Math.round(income * (0.6 + 0.3 * next()));
    const balance = Math.round(Math.exp(7 + gaussian()) * 100);
    const features: Record<string, number | null> = {
      'customer.age': Math.round(20 + 50 * next()),
      'customer.tenure': Math.round(120 * next()),
      'income.monthly': index % 10 === 0 ? null : income,
      'income.regular': next() < 0.8 ? 1 : 0,
      'income.change': 0.15 * gaussian(),
      'spend.monthly': spend,
      'spend.trend': 0.2 * gaussian(),
      'balance.mean': balance,
      'balance.min': Math.round(balance * next()),
      'balance.volatility': Math.round(balance * 0.3 * next()),
      'balance.idle': Math.round(balance * 0.5 * next()),
      'savings.rate': index % 10 === 0 ? null : (income - spend) / income,
      'recurring.count': Math.round(8 * next()),
      'recurring.monthly': Math.round(spend * 0.3 * next()),
      'forecast.min-balance-30d': Math.round(balance * (next() - 0.3)),
      'forecast.days-to-min-balance': Math.round(30 * next()),
      'transactions.monthly': Math.round(10 + 60 * next()),
      'overdraft.days': next() < 0.2 ? Math.round(10 * next()) : 0,
    };
    for (const id of spending) features[`spend.category.${id}`] = Math.round(spend * 0.15 * next());
    const held = products.filter(() => next() < 0.15).map((product) => product.id);
    for (const type of sdk.productTypes) features[`products-held.${type}`] = held.includes(type) ? 1 : 0;
    const labels = products
      .filter((product, column) => {
        if (held.includes(product.id)) return false;
        const signal =
          column % 2 === 0 ? (features['income.change'] as number) * 8 : Math.log(balance / 100) - 7;
        return next() < 1 / (1 + Math.exp(-(-2.5 + signal)));
      })
      .map((product) => ({ product: product.id, outcome: 'taken' as const }));
    return { customer: `${prefix}-${index + 1}`, features, held, labels };
  });
}

const context = { signal: new AbortController().signal, heartbeat: () => undefined };
const window = (from: string, to: string) => ({ from, to });
const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

/** Prints a table: the first column left-aligned, the others right-aligned. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, index) =>
    Math.max(title.length, ...rows.map((cells) => cells[index]!.length)),
  );
  const print = (cells: string[]) =>
    console.log(
      cells
        .map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!)))
        .join('  '),
    );
  print(header);
  print(widths.map((width) => '-'.repeat(width)));
  rows.forEach(print);
}

const load1 = async () => (await import('node:os')).loadavg()[0]!.toFixed(1);

if (values.only !== 'serving') {
  const rows: string[][] = [];
  const row = (...cells: (string | number)[]) => rows.push(cells.map(String));
  console.log(
    `Benchmark: ${sizes.join(', ')} synthetic customers, ${products.length} products, ${featureNames.length} features; ` +
      `default model ${ensemble} network(s) × ${epochs} epochs (fixed); backends ${backends.join(', ')}; ` +
      `Node ${process.version}, ${(await import('node:os')).cpus().length} cores (load ${(await import('node:os')).loadavg()[0]!.toFixed(1)}).`,
  );
  for (const size of sizes) {
    const dataset = {
      features: featureNames,
      products,
      train: {
        featureWindow: window('2025-01-01T00:00:00Z', '2025-07-01T00:00:00Z'),
        labelWindow: window('2025-07-01T00:00:00Z', '2025-10-01T00:00:00Z'),
        examples: customers(size, size, 't'),
      },
      validation: {
        featureWindow: window('2025-04-01T00:00:00Z', '2025-10-01T00:00:00Z'),
        labelWindow: window('2025-10-01T00:00:00Z', '2026-01-01T00:00:00Z'),
        examples: customers(Math.min(size, scoreBatch), size + 1, 'v'),
      },
    };
    for (const backend of backends) {
      const model = propensity.createPropensityModel({
        ...propensity.defaultPropensitySettings,
        backend,
        ensemble,
        network: { ...propensity.defaultPropensitySettings.network, maxEpochs: epochs, patience: epochs },
      });
      const started = process.hrtime.bigint();
      const { artifact } = await model.train(dataset, context);
      const trainSeconds = seconds(started);
      const batch = {
        artifact,
        asOf: '2025-10-01T00:00:00Z',
        products,
        customers: dataset.validation.examples,
      };
      await model.predict({ ...batch, customers: batch.customers.slice(0, 100) }, context); // warm-up
      const scoring = process.hrtime.bigint();
      await model.predict(batch, context);
      const scoreSeconds = seconds(scoring);
      const metrics = await models.evaluateOnValidation(model, artifact, dataset);
      row(
        `default model (${backend})`,
        size,
        trainSeconds.toFixed(1),
        (trainSeconds / (epochs * ensemble)).toFixed(2),
        Math.round(batch.customers.length / scoreSeconds),
        metrics.auc === null ? 'n/a' : metrics.auc.toFixed(3),
      );
    }
    const started = process.hrtime.bigint();
    const { artifact } = await models.logisticRegressionBaseline.train(dataset, context);
    const trainSeconds = seconds(started);
    const scoring = process.hrtime.bigint();
    await models.logisticRegressionBaseline.predict(
      { artifact, asOf: '2025-10-01T00:00:00Z', products, customers: dataset.validation.examples },
      context,
    );
    const scoreSeconds = seconds(scoring);
    const metrics = await models.evaluateOnValidation(models.logisticRegressionBaseline, artifact, dataset);
    row(
      'logistic regression (plain TS)',
      size,
      trainSeconds.toFixed(1),
      '',
      Math.round(dataset.validation.examples.length / scoreSeconds),
      metrics.auc === null ? 'n/a' : metrics.auc.toFixed(3),
    );
  }
  printTable(['model', 'customers', 'train s', 's / epoch', 'scoring customers/s', 'validation AUC'], rows);
}

if (values.only !== 'models') {
  // Serving latency: the vitest-run benchmark writes its figures as JSON; printed here as the second table.
  const platformDir = fileURLToPath(new URL('..', import.meta.url));
  const scratch = mkdtempSync(join(tmpdir(), 'fp-serving-'));
  const output = join(scratch, 'serving.json');
  const env: Record<string, string | undefined> = {
    ...process.env,
    SERVING_BENCH_OUTPUT: output,
    SERVING_BENCH_CUSTOMERS: values['serving-customers'] ?? (values.quick ? '40' : '100'),
    SERVING_BENCH_REQUESTS: values['serving-requests'] ?? (values.quick ? '150' : '300'),
    SERVING_BENCH_CONCURRENCY: String(positive('concurrency', values.concurrency)),
  };
  // DATABASE_URL: another PostgreSQL server (a role that may create roles and databases) instead of the
  // embedded one the fixtures start.
  if (process.env.DATABASE_URL) env.TEST_DATABASE_ADMIN_URL = process.env.DATABASE_URL;
  console.log(
    `\nServing latency: seeding a bank and measuring through the API (load ${await load1()}); this takes a few minutes…`,
  );
  // The package's bin (its `exports` do not include it): where pnpm links the platform's devDependency.
  const vitest = join(platformDir, 'node_modules', 'vitest', 'vitest.mjs');
  const run = spawnSync(
    process.execPath,
    [vitest, 'run', '--config', 'vitest.bench.config.ts', '--reporter', 'dot'],
    { cwd: platformDir, env, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (run.status !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`The serving benchmark failed (exit ${run.status}); see its output above.`);
  }
  const report = JSON.parse(
    readFileSync(output, 'utf8'),
  ) as import('../src/testing/serving-latency.bench.ts').ServingReport;
  rmSync(scratch, { recursive: true, force: true });
  console.log(
    `\nServing: ${report.customers} customers, ${report.accounts} accounts, ${report.transactions} transactions ` +
      `(${report.historyFrom} to ${report.historyTo}), one bank; seeded in ${report.seedSeconds} s.`,
  );
  console.log(
    `Champion: default model ${report.champion.versionId} (made champion by ${report.champion.promotedBy}; rule said: ${report.champion.reason}).`,
  );
  console.log(
    `First requests' recommendations: ${Object.entries(report.delivered)
      .map(([availability, count]) => `${availability} ${count}`)
      .join(', ')}. Tokens: ${report.tokens}. Load after: ${await load1()}.`,
  );
  printTable(
    [
      'serving latency',
      'phase',
      'requests',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'req/s (1 client)',
      `req/s (${report.concurrency} clients)`,
      `p99 ms (${report.concurrency} clients)`,
    ],
    report.rows.map((row) => [
      row.query,
      row.phase,
      String(row.requests),
      row.p50Ms.toFixed(1),
      row.p95Ms.toFixed(1),
      row.p99Ms.toFixed(1),
      row.sequentialPerSecond.toFixed(1),
      row.concurrentPerSecond === null ? '' : row.concurrentPerSecond.toFixed(1),
      row.concurrentP99Ms === null ? '' : row.concurrentP99Ms.toFixed(1),
    ]),
  );
  const floor = report.rows.find((row) => row.query === 'baseline (me)')!;
  for (const row of report.rows.filter((candidate) => candidate !== floor)) {
    console.log(
      `  ${row.query} (${row.phase}): p50 x${(row.p50Ms / floor.p50Ms).toFixed(1)} the floor's, ` +
        `+${(row.p50Ms - floor.p50Ms).toFixed(1)} ms`,
    );
  }
}
