// Recurring-payment detection on the real PKDD'99 data (Berka and Sochorova, PKDD'99 Discovery Challenge;
// needs ../shared/data), with the baseline's figure recomputed independently from the raw files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPkdd99Evaluation } from './pkdd99-data';
import { amountTolerance, baselineMinimumPayments, evaluateRecurring } from './recurring';

/** A `;`-separated PKDD'99 relation as rows of unquoted cells, header first. */
function relation(directory: string, file: string): string[][] {
  return readFileSync(join(directory, file), 'latin1')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(';').map((cell) => cell.replace(/^"|"$/g, '').trim()));
}

describe("recurring payments on PKDD'99", () => {
  const data = loadPkdd99Evaluation();
  const section = evaluateRecurring(data);

  it('prints every method on every ground truth, with the attribution', () => {
    console.info(
      [
        section.title,
        ...section.rows.map((row) => `${row.method}: ${JSON.stringify(row.figures)}`),
        ...section.notes,
      ].join('\n'),
    );
    expect(section.rows).toHaveLength(6);
    expect(section.notes.join(' ')).toContain('Petr Berka and Marta Sochorova');
    for (const row of section.rows) {
      for (const name of ['precision', 'recall', 'f1']) {
        expect(row.figures[name]).toBeGreaterThanOrEqual(0);
        expect(row.figures[name]).toBeLessThanOrEqual(1);
      }
    }
  });

  it("recomputes the baseline's primary figures from the raw files, independently of the loader", () => {
    const [header, ...accounts] = relation(data.directory, 'account.asc');
    const opened = new Map(
      accounts.map((row) => [row[header!.indexOf('account_id')]!, row[header!.indexOf('date')]!]),
    );
    const [transHeader, ...trans] = relation(data.directory, 'trans.asc');
    const column = (name: string) => transHeader!.indexOf(name);
    const withTransactions = new Set(trans.map((row) => row[column('account_id')]!));
    // Open throughout the window: opened in January 1993 (YYMMDD ≤ 930131) and with transactions.
    const primary = new Set(
      [...opened].filter(([id, date]) => date <= '930131' && withTransactions.has(id)).map(([id]) => id),
    );
    const [orderHeader, ...orderRows] = relation(data.directory, 'order.asc');
    const at = (row: string[], name: string) => row[orderHeader!.indexOf(name)]!;
    const orders = orderRows
      .filter((row) => primary.has(at(row, 'account_id')))
      .map((row) => ({
        party: `${at(row, 'account_id')}|${at(row, 'account_to')}/${at(row, 'bank_to')}`,
        amount: Math.round(Number(at(row, 'amount')) * 100),
      }));
    // Baseline: debits (VYDAJ, VYBER) to a real counterparty account, same amount at least 3 times.
    const counts = new Map<string, number>();
    for (const row of trans) {
      const account = row[column('account_id')]!;
      const partyAccount = row[column('account')] ?? '';
      if (!primary.has(account) || row[column('type')] === 'PRIJEM' || !/[1-9]/.test(partyAccount)) continue;
      const key = `${account}|${partyAccount}/${row[column('bank')]}|${Math.round(Number(row[column('amount')]) * 100)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const detected = [...counts].filter(([, count]) => count >= baselineMinimumPayments).map(([key]) => key);
    let matched = 0;
    const open = [...orders];
    for (const key of detected) {
      const [account, party, amount] = key.split('|');
      const candidates = open
        .filter(
          (order) =>
            order.party === `${account}|${party}` &&
            Math.abs(Number(amount) - order.amount) <= order.amount * amountTolerance,
        )
        .sort((a, b) => Math.abs(Number(amount) - a.amount) - Math.abs(Number(amount) - b.amount));
      if (candidates[0]) {
        matched += 1;
        open.splice(open.indexOf(candidates[0]), 1);
      }
    }
    const baseline = section.rows[1]!.figures;
    expect(baseline).toMatchObject({
      accounts: primary.size,
      orders: orders.length,
      detected: detected.length,
      matched,
    });
    expect(baseline.recall).toBeCloseTo(matched / orders.length, 3);
  });
});
