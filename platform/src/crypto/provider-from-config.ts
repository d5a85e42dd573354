import { KMSClient } from '@aws-sdk/client-kms';
import { access } from 'node:fs/promises';
import type { CryptoConfig } from '../config';
import { AwsKmsKeyProvider } from './aws-kms-key-provider';
import { CompositeKeyProvider, type KeyProvider } from './key-provider';
import { LocalFileKeyProvider } from './local-file-key-provider';

/**
 * The key provider the configuration names: the current KEK wraps new data keys; previous KEKs (during
 * a rotation) can still unwrap. Fails fast when a key file is refused.
 */
export async function createKeyProvider(config: CryptoConfig): Promise<KeyProvider> {
  if (config.provider === 'local') {
    if (config.createKeyFile && !(await exists(config.keyFile)))
      await LocalFileKeyProvider.createKeyFile(config.keyFile);
    const current = await LocalFileKeyProvider.fromFile(config.keyFile);
    const previous = await Promise.all(
      config.previousKeyFiles.map((path) => LocalFileKeyProvider.fromFile(path)),
    );
    return new CompositeKeyProvider(current, ...previous);
  }
  const providerFor = (arn: string) =>
    new AwsKmsKeyProvider(new KMSClient({ region: arn.split(':')[3] }), arn);
  return new CompositeKeyProvider(providerFor(config.keyArn), ...config.previousKeyArns.map(providerFor));
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
