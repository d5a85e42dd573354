/**
 * Drives an insight generator as the platform does: its kinds and feature request checked, then for every
 * fixture customer `generate` with their features and the last `transactionDays` of transactions
 * (pseudonymous, no names or free text), each answer checked with `candidateInsightProblems` (the host
 * drops candidates with problems), for unique dedupe keys, as JSON, and for the same answer twice.
 */
import {
  type CandidateInsight,
  candidateInsightProblems,
  type InsightGeneratorExtension,
  type InsightInput,
} from '../insight-generator';
import type { PluginContext } from '../manifest';
import { attempt, failed, jsonProblem, sameAnswer } from './checks';
import type { ProblemSink } from './data-connector';
import type { Fixtures } from './fixtures';
import { expandFeatures, insightTransactions, pseudonym, vectorOf } from './plan';

export interface InsightGeneratorRun {
  /** Per fixture customer (in fixture order): the input given and the candidates returned. */
  readonly customers: readonly {
    readonly input: InsightInput;
    readonly candidates: readonly CandidateInsight[];
  }[];
}

const kindPattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export async function checkInsightGenerator(
  extension: InsightGeneratorExtension,
  context: PluginContext,
  fixtures: Fixtures,
  now: Date,
  problem: ProblemSink,
): Promise<InsightGeneratorRun> {
  const step = 'insight-generator';
  const kinds = (extension.kinds ?? []).map((entry) => entry.kind);
  if (kinds.length === 0) problem(`${step}.kinds`, 'declares no kind of insight');
  kinds.forEach((kind, index) => {
    if (!kindPattern.test(kind))
      problem(`${step}.kinds`, `"${kind}" must be lower-case words joined by dashes`);
    if (kinds.indexOf(kind) !== index) problem(`${step}.kinds`, `"${kind}" is declared twice`);
  });
  if (
    !Number.isInteger(extension.transactionDays) ||
    extension.transactionDays < 0 ||
    extension.transactionDays > 3660
  ) {
    problem(`${step}.transactionDays`, 'must be a whole number of days from 0 to 3660');
  }
  const features = expandFeatures(extension.features, fixtures.customers, `${step}.features`, problem);
  const results: { input: InsightInput; candidates: readonly CandidateInsight[] }[] = [];
  const generator = await attempt(`${step}.create`, problem, () => extension.create(context));
  if (generator === failed) return { customers: results };

  const from = new Date(now.getTime() - extension.transactionDays * 86_400_000).toISOString();
  for (const [index, customer] of fixtures.customers.entries()) {
    const input: InsightInput = {
      customer: pseudonym(index),
      features: vectorOf(customer, features),
      transactions: {
        window: { from, to: now.toISOString() },
        items: insightTransactions(customer, from, now.toISOString()),
      },
      now: now.toISOString(),
    };
    const at = `${step}.generate (${input.customer})`;
    const candidates = await attempt(at, problem, () => generator.generate(input));
    if (candidates === failed) continue;
    results.push({ input, candidates });
    const notJson = jsonProblem(candidates, 'candidates');
    if (notJson) problem(at, notJson);
    for (const found of candidateInsightProblems(candidates, input, kinds))
      problem(at, `${found.path} ${found.message}`);
    const keys = candidates.map((candidate) => candidate.dedupeKey);
    keys.forEach((key, position) => {
      if (keys.indexOf(key) !== position)
        problem(at, `$[${position}].dedupeKey "${key}" repeats an earlier candidate's`);
    });
    const again = await attempt(at, problem, () => generator.generate(input));
    if (again !== failed) sameAnswer(at, candidates, again, problem);
  }
  return { customers: results };
}
