import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CryptoConfig } from '../config';
import { LocalFileKeyProvider } from '../crypto';

/**
 * A fresh local key-encryption key for one test: a random KEK in a private temporary directory (file mode
 * 0600, as production requires), removed when the test process exits. `crypto` is the configuration that
 * names it; `previousKeyFiles` lets a test configure a rotation.
 */
export async function temporaryKeyFile(
  previousKeyFiles: string[] = [],
): Promise<{ path: string; crypto: CryptoConfig }> {
  const directory = mkdtempSync(join(tmpdir(), 'finpersona-kek-'));
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  const path = join(directory, 'kek');
  await LocalFileKeyProvider.createKeyFile(path);
  return { path, crypto: { provider: 'local', keyFile: path, previousKeyFiles, createKeyFile: false } };
}
