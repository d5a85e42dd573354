import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The statement-file fixtures of `@finpersona/connector-statements` (written for its parser tests: a
 * camt.053 .001.08 statement, an OFX 1.02 checking statement), read from that package at run time — reused,
 * not copied — for the platform's import tests and the generated access suites.
 */
const fixturesOf = join(__dirname, '..', '..', '..', 'plugins', 'connector-statements', 'src');

export const statementFixtures = {
  camt053: () => readFileSync(join(fixturesOf, 'camt', 'fixtures', 'statement-v08.xml')),
  ofx: () => readFileSync(join(fixturesOf, 'ofx', 'fixtures', 'checking-v102.ofx')),
} as const;

export const base64Of = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64');
