// Benchmark of the recommendation models (issue 6, acceptance 3), in one run and printed as one table:
// training time of the default model (`@finpersona/model-propensity`) for 10k and 100k synthetic customers on
// the wasm and cpu backends, batch scoring throughput (customers/s) on each, and the logistic-regression
// baseline's training time beside it. Run after a build (it loads `dist`, as the platform runs):
//   ./fp pnpm -r build   (or the platform and the packages it uses)
//   ./fp pnpm --filter @finpersona/platform bench:models
// Options: --customers 10000,100000   --backends wasm,cpu   --epochs N (default 5: a fixed number of epochs
// per network, no early stopping, so backends and sizes compare)   --ensemble N (default 1)
//   --score N (customers per scoring batch, default 10000)   --products N (default 4)
// Serving latency of a customer's dashboard and recommendations is measured by the delivery benchmark (it
// needs the API and a database); its rows are added to this table there.
import { createRequire } from 'node:module';
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
  },
});
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
row('serving latency: dashboard', '', '', '', 'measured by the delivery benchmark (API + database)', '');
row(
  'serving latency: recommendations',
  '',
  '',
  '',
  'measured by the delivery benchmark (API + database)',
  '',
);

const header = ['model', 'customers', 'train s', 's / epoch', 'scoring customers/s', 'validation AUC'];
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
