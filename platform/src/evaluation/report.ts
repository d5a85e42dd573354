/**
 * Prints evaluation sections as plain-text tables: a title, one row per method with its figures (columns in
 * the order the figures first appear; numbers right-aligned) and the section's notes.
 */
import type { EvaluationSection } from './pkdd99-data';

export function formatSection(section: EvaluationSection): string[] {
  const columns: string[] = [];
  for (const row of section.rows)
    for (const name of Object.keys(row.figures)) if (!columns.includes(name)) columns.push(name);
  const cells = section.rows.map((row) => [
    row.method,
    ...columns.map((name) => String(row.figures[name] ?? '')),
  ]);
  const header = ['method', ...columns];
  const widths = header.map((title, index) =>
    Math.max(title.length, ...cells.map((row) => row[index]!.length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, index) => (index === 0 ? value.padEnd(widths[index]!) : value.padStart(widths[index]!)))
      .join('  ')
      .trimEnd();
  return [
    section.title,
    '='.repeat(section.title.length),
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...cells.map(line),
    '',
    ...section.notes.map((note) => `- ${note}`),
    '',
  ];
}
