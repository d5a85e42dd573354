/**
 * `evaluate-pkdd99 [--data-dir <dir>] [--backend auto|native|wasm|cpu] [--section <name>]
 * [--split label-time|label-time-14m|label-time-17m|label-time-long|label-time-inner|covered-period]` (the propensity section's split): the one
 * evaluation script of issue 6 — every section measured on the PKDD'99 data and printed with its baselines.
 * Needs no database or service: it reads the shared data through the platform's import path.
 */
import type { TensorflowPreference } from '@finpersona/plugin-sdk/tensorflow';
import {
  evaluateCategorisation,
  evaluatePropensity,
  evaluateRecurring,
  formatSection,
  loadPkdd99Evaluation,
  pkdd99Attribution,
  propensitySplits,
  type EvaluationSection,
  type PropensitySplitName,
  type Pkdd99Evaluation,
} from '../evaluation';
import type { CliIo } from './run-cli';

export interface EvaluationRunOptions {
  readonly backend: TensorflowPreference;
  /** The propensity section's split (default `label-time`). */
  readonly split: PropensitySplitName;
}

/**
 * The sections, in print order. A section is one entry: a name (for `--section`) and a function from the
 * loaded data to an `EvaluationSection`: categorisation (enrichment), recurring payments (behaviour) and
 * next-product propensity (models).
 */
export const evaluationSections: readonly {
  readonly name: string;
  run(data: Pkdd99Evaluation, options: EvaluationRunOptions): Promise<EvaluationSection>;
}[] = [
  {
    name: 'categorisation',
    run: (data, options) => evaluateCategorisation(data, { backend: options.backend }),
  },
  { name: 'recurring', run: (data) => Promise.resolve(evaluateRecurring(data)) },
  {
    name: 'propensity',
    run: (data, options) =>
      evaluatePropensity(data, {
        backend: options.backend,
        split: propensitySplits[options.split](data),
        splitName: options.split,
      }),
  },
];

const backends: readonly TensorflowPreference[] = ['auto', 'native', 'wasm', 'cpu'];
const splitNames = Object.keys(propensitySplits) as PropensitySplitName[];

export async function evaluatePkdd99(args: string[], io: CliIo, usage: string): Promise<number> {
  const options = new Map<string, string>();
  for (let index = 0; index < args.length; index += 2) {
    const [name, value] = [args[index]!, args[index + 1]];
    if (
      !['--data-dir', '--backend', '--section', '--split'].includes(name) ||
      value === undefined ||
      options.has(name)
    ) {
      io.err(
        `evaluate-pkdd99 takes [--data-dir <dir>] [--backend auto|native|wasm|cpu] [--section <name>] [--split ${splitNames.join('|')}] (got: ${args.join(' ')})\n\n${usage}`,
      );
      return 2;
    }
    options.set(name, value);
  }
  const backend = (options.get('--backend') ?? 'auto') as TensorflowPreference;
  if (!backends.includes(backend)) {
    io.err(`evaluate-pkdd99: --backend must be one of ${backends.join(', ')} (got: ${backend})`);
    return 2;
  }
  const split = (options.get('--split') ?? 'label-time') as PropensitySplitName;
  if (!splitNames.includes(split)) {
    io.err(`evaluate-pkdd99: --split must be one of ${splitNames.join(', ')} (got: ${split})`);
    return 2;
  }
  const wanted = options.get('--section');
  const sections = evaluationSections.filter((section) => wanted === undefined || section.name === wanted);
  if (sections.length === 0) {
    io.err(
      `evaluate-pkdd99: no section "${wanted}" (sections: ${evaluationSections.map((s) => s.name).join(', ')})`,
    );
    return 2;
  }
  const directory = options.get('--data-dir');
  const data = directory === undefined ? loadPkdd99Evaluation() : loadPkdd99Evaluation(directory);
  io.out(`Evaluation on the ${pkdd99Attribution}.`);
  io.out(
    `${data.accounts.length} accounts; transactions cover ${data.coveredPeriod.first} to ${data.coveredPeriod.last} (${data.directory}).`,
  );
  io.out('');
  for (const section of sections) {
    const started = performance.now();
    const result = await section.run(data, { backend, split });
    for (const line of formatSection(result)) io.out(line);
    io.out(`(${section.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    io.out('');
  }
  return 0;
}
