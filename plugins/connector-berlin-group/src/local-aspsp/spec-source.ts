/**
 * Where the NextGenPSD2 OpenAPI file comes from. The Berlin Group publishes it only on its website,
 * which this project does not download from; Maven Central carries it inside adorsys' open-source
 * XS2A implementation (`de.adorsys.psd2:xs2a-impl`, resource `static/psd2-api_v1.3.11-2021-10-01v1.yaml`,
 * `info.version` "1.3.11_2021-09-24"). That copy is adorsys' redistribution: its tppMessage code
 * schemas are plain strings (no enumerations), so the local ASPSP checks the codes it sends itself.
 *
 * Fetched once into `${FINPERSONA_CACHE:-~/.cache/finpersona}/specs/`, with the jar's and the file's
 * SHA-256 pinned: a changed artifact fails loudly instead of silently validating against something else.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readZipEntry } from './zip';

export const nextGenPsd2SpecSource = {
  artifact: 'de.adorsys.psd2:xs2a-impl:13.4',
  url: 'https://repo1.maven.org/maven2/de/adorsys/psd2/xs2a-impl/13.4/xs2a-impl-13.4.jar',
  jarSha256: '7941133f253be4b42f3d61714f7b558050b2055836ee078096d8ab911a28d898',
  entry: 'static/psd2-api_v1.3.11-2021-10-01v1.yaml',
  specSha256: '90e05cf0f553a1941ac14d263db08952d4063016f2cc526bac132b31716e0e37',
  specVersion: '1.3.11_2021-09-24',
} as const;

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function cacheDir(): string {
  return process.env.FINPERSONA_CACHE ?? join(homedir(), '.cache', 'finpersona');
}

/** Returns the path of the cached NextGenPSD2 OpenAPI file, fetching and checking it first if needed. */
export async function ensureNextGenPsd2Spec(): Promise<string> {
  const source = nextGenPsd2SpecSource;
  const dir = join(cacheDir(), 'specs', `nextgenpsd2-${source.specVersion}`);
  const file = join(dir, 'psd2-api.yaml');
  if (existsSync(file) && sha256(readFileSync(file)) === source.specSha256) return file;

  const response = await fetch(source.url);
  if (!response.ok) {
    throw new Error(`Fetching ${source.artifact} from Maven Central failed: HTTP ${response.status}.`);
  }
  const jar = Buffer.from(await response.arrayBuffer());
  const jarDigest = sha256(jar);
  if (jarDigest !== source.jarSha256) {
    throw new Error(`${source.artifact} checksum mismatch: got ${jarDigest}, expected ${source.jarSha256}.`);
  }
  const spec = readZipEntry(jar, source.entry);
  const specDigest = sha256(spec);
  if (specDigest !== source.specSha256) {
    throw new Error(`${source.entry} checksum mismatch: got ${specDigest}, expected ${source.specSha256}.`);
  }
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed, so a concurrent or interrupted fetch never leaves half a file.
  const partial = `${file}.partial-${process.pid}`;
  writeFileSync(partial, spec);
  renameSync(partial, file);
  return file;
}
