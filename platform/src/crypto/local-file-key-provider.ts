import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmod, open, readFile, stat } from 'node:fs/promises';
import { KeyFileRejected, KeyUnavailable } from './errors';
import { DATA_KEY_BYTES, NONCE_BYTES, TAG_BYTES } from './field-cipher';
import { type KeyProvider, type WrapContext, type WrappedDataKey, wrapAssociatedData } from './key-provider';

const WRAP_FORMAT_VERSION = 1;
const WRAPPED_BYTES = 1 + NONCE_BYTES + DATA_KEY_BYTES + TAG_BYTES;

/**
 * The default provider: one 256-bit KEK read from a file holding its base64 encoding (one line).
 * Data keys are wrapped with AES-256-GCM, associated data naming the KEK, the data key id and its owner
 * (see README "Encryption at rest" for why not AES-KW). The KEK id is `local:` plus a 64-bit HMAC
 * fingerprint of the key, so the same file always yields the same id and rotation can tell KEKs apart.
 */
export class LocalFileKeyProvider implements KeyProvider {
  private constructor(
    private readonly kek: Buffer,
    readonly currentKekId: string,
  ) {}

  /**
   * Reads the key file, refusing one that is not a regular file owned by this process's user with
   * permissions 0600 or narrower (no group or other bits).
   */
  static async fromFile(path: string): Promise<LocalFileKeyProvider> {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new KeyFileRejected(
        path,
        `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
    if (!info.isFile()) throw new KeyFileRejected(path, 'is not a regular file.');
    const mode = info.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new KeyFileRejected(
        path,
        `has permissions 0${mode.toString(8)}; it must be 0600 or narrower (chmod 600 ${path}).`,
      );
    }
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) {
      throw new KeyFileRejected(
        path,
        `is owned by uid ${info.uid}, not by this process's user (uid ${uid}).`,
      );
    }
    const text = (await readFile(path, 'utf8')).trim();
    const kek = Buffer.from(text, 'base64');
    if (kek.length !== DATA_KEY_BYTES || kek.toString('base64') !== text) {
      throw new KeyFileRejected(path, 'must hold exactly one base64-encoded 32-byte key.');
    }
    return LocalFileKeyProvider.fromKey(kek);
  }

  /**
   * Writes a new random KEK to `path` with permissions 0600 (for development stacks; production KEKs come
   * from a KMS). Refuses to overwrite an existing file.
   */
  static async createKeyFile(path: string): Promise<void> {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(`${randomBytes(DATA_KEY_BYTES).toString('base64')}\n`);
    } finally {
      await handle.close();
    }
    // open's mode is filtered by the umask, which can only narrow it; set it exactly anyway.
    await chmod(path, 0o600);
  }

  /** A provider over an in-memory KEK (tests; the file-based constructor ends here). */
  static fromKey(kek: Buffer): LocalFileKeyProvider {
    if (kek.length !== DATA_KEY_BYTES) throw new TypeError('A key-encryption key must be 32 bytes.');
    const fingerprint = createHmac('sha256', kek).update('finpersona.kek-id').digest().subarray(0, 8);
    return new LocalFileKeyProvider(Buffer.from(kek), `local:${fingerprint.toString('hex')}`);
  }

  knowsKek(kekId: string): boolean {
    return kekId === this.currentKekId;
  }

  async generateDataKey(context: WrapContext): Promise<{ material: Buffer; wrapped: WrappedDataKey }> {
    const material = randomBytes(DATA_KEY_BYTES);
    return { material, wrapped: await this.wrap(material, context) };
  }

  async wrap(material: Buffer, context: WrapContext): Promise<WrappedDataKey> {
    if (material.length !== DATA_KEY_BYTES) throw new TypeError('A data key must be 32 bytes.');
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.kek, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(wrapAssociatedData(this.currentKekId, context));
    const body = Buffer.concat([cipher.update(material), cipher.final()]);
    return {
      kekId: this.currentKekId,
      wrapped: Buffer.concat([Uint8Array.of(WRAP_FORMAT_VERSION), nonce, body, cipher.getAuthTag()]),
    };
  }

  async unwrap(wrapped: WrappedDataKey, context: WrapContext): Promise<Buffer> {
    if (wrapped.kekId !== this.currentKekId) {
      throw new KeyUnavailable(
        `Data key ${context.dataKeyId} is wrapped by ${wrapped.kekId}, not by ${this.currentKekId}.`,
      );
    }
    const bytes = wrapped.wrapped;
    if (bytes.length !== WRAPPED_BYTES || bytes[0] !== WRAP_FORMAT_VERSION) {
      throw new KeyUnavailable(
        `Data key ${context.dataKeyId} is not a wrapped key of format ${WRAP_FORMAT_VERSION}.`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.kek, bytes.subarray(1, 1 + NONCE_BYTES), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(wrapAssociatedData(wrapped.kekId, context));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(1 + NONCE_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new KeyUnavailable(`Data key ${context.dataKeyId} failed authentication under ${wrapped.kekId}.`);
    }
  }
}
