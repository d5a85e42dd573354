import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { retentionRule } from '@finpersona/plugin-sdk';
import { amlYears, regionLaw } from '../testing/rule-packs';
import {
  csvColumnsOf,
  EXPORT_SCHEMA_VERSION,
  exportArchive,
  exportSchemaProblems,
  type PersonalDataExport,
  toCsv,
} from './export-archive';
import { exportCategories, personalDataRegistry } from './personal-data-registry';

const emptyExport = (): PersonalDataExport => ({
  schemaVersion: EXPORT_SCHEMA_VERSION,
  generatedAt: '2026-11-26T10:00:00.000Z',
  bank: { id: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a01', name: 'Bank' },
  person: {
    id: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a02',
    subject: null,
    display_name: 'Ana',
    email: null,
    created_at: '2026-11-26T10:00:00.000Z',
  },
  categories: Object.fromEntries(exportCategories.map((category) => [category, []])) as never,
});

describe('export archive', () => {
  it('writes RFC 4180 CSV: CRLF, every field quoted, quotes doubled, objects as JSON, null empty', () => {
    const csv = toCsv(['a', 'b', 'c', 'd'], [{ a: 'say "hi", then\r\nleave', b: null, c: { x: 1 }, d: 42 }]);
    expect(csv).toBe('"a","b","c","d"\r\n"say ""hi"", then\r\nleave","","{""x"":1}","42"\r\n');
  });

  it('gives every category a CSV header in the order of the published schema, even when empty', () => {
    expect(csvColumnsOf('transactions').slice(0, 4)).toEqual([
      'id',
      'account_id',
      'source_id',
      'amount_minor',
    ]);
    const files = unzipSync(exportArchive(emptyExport()));
    for (const category of exportCategories) {
      expect(strFromU8(files[`${category}.csv`]!)).toBe(toCsv(csvColumnsOf(category), []));
    }
  });

  it('the same document gives the same bytes', () => {
    expect(exportArchive(emptyExport())).toEqual(exportArchive(emptyExport()));
  });

  it('refuses documents the schema does not describe: an unknown column, a float amount, a missing category', () => {
    expect(exportSchemaProblems(emptyExport())).toEqual([]);
    const extraColumn = emptyExport();
    extraColumn.person.phone = '+386 1 000';
    expect(exportSchemaProblems(extraColumn).join()).toMatch(/must NOT have additional properties/);
    const floatMoney = emptyExport();
    floatMoney.categories.balances = [
      {
        id: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a03',
        account_id: '5b0f3c1e-7c4a-4f3e-9a53-2d5c2f1b7a04',
        type: 'booked',
        amount_minor: 12.5,
        currency: 'EUR',
        as_of: '2026-11-26T10:00:00.000Z',
        credit_limit_minor: null,
        created_at: '2026-11-26T10:00:00.000Z',
      },
    ];
    expect(exportSchemaProblems(floatMoney).join()).toMatch(/amount_minor/);
    const missing = emptyExport() as unknown as { categories: Record<string, unknown> };
    delete missing.categories.auditEntries;
    expect(exportSchemaProblems(missing).join()).toMatch(/auditEntries/);
  });
});

describe('personal-data registry', () => {
  it('names each exported category once and each table once', () => {
    const categories = personalDataRegistry.flatMap((entry) =>
      'excluded' in entry.export ? [] : [entry.export.category],
    );
    // auditEntries is gathered from the audit trail, not from a customer_id table.
    expect([...categories, 'auditEntries'].sort()).toEqual([...exportCategories].sort());
    const tables = personalDataRegistry.map((entry) => entry.table);
    expect(new Set(tables).size).toBe(tables.length);
  });

  it("retains AML records for the region's years after the relationship ends, citing the region's source", () => {
    const transactions = personalDataRegistry.find((entry) => entry.table === 'account_transaction')!.erasure;
    if (transactions.action !== 'retain') throw new Error('transactions must be retained');
    const ended = new Date('2026-11-26T10:00:00.000Z');
    for (const region of ['EU', 'UK', 'US'] as const) {
      const rules = regionLaw(region);
      expect(transactions.retention.until(rules, ended)?.toISOString()).toBe(
        `${2026 + amlYears(rules)}-11-26T10:00:00.000Z`,
      );
      expect(transactions.retention.source(rules)).toBe(retentionRule(rules, 'aml-records').source);
    }
  });
});
