import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CryptoConfig } from '../config';
import { LocalFileKeyProvider } from '../crypto';

const directories = new Set<string>();

function removeAll(): void {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  directories.clear();
}

/**
 * A fresh local key-encryption key for one test: a random KEK in a private temporary directory (file mode
 * 0600, as production requires). Call `remove()` when done (a process exit removes what is left, but test
 * workers are often stopped without one). `crypto` is the configuration that
 * names it (a rotation test passes `path` as CRYPTO_LOCAL_PREVIOUS_KEY_FILES of a newer one).
 */
export async function temporaryKeyFile(): Promise<{ path: string; crypto: CryptoConfig; remove(): void }> {
  const directory = mkdtempSync(join(tmpdir(), 'finpersona-kek-'));
  if (directories.size === 0) process.once('exit', removeAll);
  directories.add(directory);
  const path = join(directory, 'kek');
  await LocalFileKeyProvider.createKeyFile(path);
  return {
    path,
    crypto: { provider: 'local', keyFile: path, previousKeyFiles: [], createKeyFile: false },
    remove() {
      rmSync(directory, { recursive: true, force: true });
      directories.delete(directory);
    },
  };
}
