import { Internal } from '../errors';

/**
 * The one error every failed field decryption raises, whatever the cause (malformed value, unknown or
 * shredded key, wrong associated data, tampering). Its message is fixed, so it can never carry key
 * material or plaintext; `reason` is for logs only and names a category, not a value.
 */
export class FieldDecryptionFailed extends Internal {
  override name = 'FieldDecryptionFailed';

  constructor(readonly reason: 'format' | 'key' | 'authentication') {
    super('An encrypted value could not be read. Quote the requestId when reporting it.');
  }
}

/** A data key could not be unwrapped or created (unknown key-encryption key, provider failure, shredded key). */
export class KeyUnavailable extends Internal {
  override name = 'KeyUnavailable';
}

/** The local key file is missing, malformed or too widely readable; the message names the file. */
export class KeyFileRejected extends Error {
  override name = 'KeyFileRejected';

  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`Key file ${path} ${problem}`);
  }
}
