import type { KeyProvider } from './key-provider';
import type { WrappedKeyStore } from './wrapped-key-store';

export interface RotationReport {
  /** Keys now wrapped by the new KEK that were not before. */
  rewrapped: number;
  /** Keys that were already wrapped by the new KEK (a re-run after an interruption). */
  alreadyCurrent: number;
}

/**
 * Re-wraps every stored data key with `to`'s current KEK. Field ciphertexts are untouched: the data keys
 * themselves do not change, only their wrapping. Runs while the platform serves requests, provided
 * readers use a `CompositeKeyProvider(to, from)` that can unwrap both; each key is swapped with a
 * compare-and-set, so re-running after an interruption finishes the job. Once it reports, `from`'s KEK
 * is no longer needed.
 */
export async function rotateKeyEncryptionKey(options: {
  store: WrappedKeyStore;
  from: KeyProvider;
  to: KeyProvider;
  batchSize?: number;
}): Promise<RotationReport> {
  const { store, from, to } = options;
  const batchSize = options.batchSize ?? 100;
  const report: RotationReport = { rewrapped: 0, alreadyCurrent: 0 };
  let afterDataKeyId: string | undefined;
  for (;;) {
    const batch = await store.list({ afterDataKeyId, limit: batchSize });
    for (const key of batch) {
      if (key.kekId === to.currentKekId) {
        report.alreadyCurrent++;
        continue;
      }
      const context = { dataKeyId: key.dataKeyId, owner: key.owner };
      const material = await from.unwrap(key, context);
      try {
        const next = await to.wrap(material, context);
        // A false here means the key was deleted (shredded) or re-wrapped meanwhile: nothing left to do.
        if (await store.replaceWrapping(key.dataKeyId, key, next)) report.rewrapped++;
      } finally {
        material.fill(0);
      }
    }
    if (batch.length < batchSize) return report;
    afterDataKeyId = batch[batch.length - 1]!.dataKeyId;
  }
}
