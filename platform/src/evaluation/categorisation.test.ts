// The categorisation section on the real PKDD'99 data (needs ../shared/data). It checks that the figures
// are computed — recounted here from the raw trans.asc, independently of the loader — not that they are high.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  categorisationSplitDay,
  evaluateCategorisation,
  labelledTransactions,
  pkdd99CategoryOfKSymbol,
} from './categorisation';
import { loadPkdd99Evaluation, pkdd99Attribution } from './pkdd99-data';

/** Labelled rows of the raw file by split, counted with a plain split on `;` (no CSV library, no loader). */
function rawLabelCounts(directory: string): { train: Map<string, number>; test: Map<string, number> } {
  const lines = readFileSync(join(directory, 'trans.asc'), 'latin1').split(/\r?\n/).slice(1);
  const train = new Map<string, number>();
  const test = new Map<string, number>();
  for (const line of lines) {
    if (!line.trim()) continue;
    const cells = line.split(';').map((cell) => cell.replace(/^"|"$/g, ''));
    const category = pkdd99CategoryOfKSymbol[cells[7]!.trim()];
    if (!category) continue;
    const yymmdd = cells[2]!;
    const day = `19${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
    const counts = day < categorisationSplitDay ? train : test;
    counts.set(category, (counts.get(category) ?? 0) + 1);
  }
  return { train, test };
}

describe("categorisation evaluation on PKDD'99", () => {
  const data = loadPkdd99Evaluation();

  it('categorisers never see the label: no input carries the source code', () => {
    const { train, test } = labelledTransactions(data);
    for (const row of [...train, ...test]) expect(row.input.sourceCode).toBeNull();
  });

  it('scores every method on the same later-month rows, and the figures recompute from the raw file', async () => {
    const raw = rawLabelCounts(data.directory);
    const section = await evaluateCategorisation(data);
    const total = [...raw.test.values()].reduce((sum, count) => sum + count, 0);
    const majority = [...raw.train.entries()].sort((a, b) => b[1] - a[1])[0]![0];

    expect(section.scores.map((entry) => entry.method)).toEqual([
      'majority class',
      'rules/MCC only',
      'learned classifier',
      'rules + classifier',
    ]);
    for (const entry of section.scores) {
      expect(entry.total).toBe(total);
      const row = section.rows.find((candidate) => candidate.method === entry.method)!;
      expect(row.figures.accuracy).toBeCloseTo(entry.correct / entry.total, 4);
      // Correct answers recounted from the predictions and the test labels.
      const { test } = labelledTransactions(data);
      expect(entry.predictions.filter((prediction, index) => prediction === test[index]!.label).length).toBe(
        entry.correct,
      );
    }
    // The majority baseline is right exactly on the test rows of the training months' most frequent label.
    expect(section.scores[0]!.correct).toBe(raw.test.get(majority) ?? 0);
    // Per-category support is the raw count of each label in the test months.
    for (const [category, count] of raw.test) {
      expect(
        section.rows.find((row) => row.method === `rules + classifier: ${category}`)?.figures.support,
      ).toBe(count);
    }
    expect(section.notes.join(' ')).toContain(pkdd99Attribution);
    expect(section.notes.join(' ')).toMatch(/Worst confusion/);
    console.log(
      [
        section.title,
        ...section.rows.map((row) => `  ${row.method}: ${JSON.stringify(row.figures)}`),
        ...section.notes.map((note) => `  ${note}`),
      ].join('\n'),
    );
  }, 180_000);
});
