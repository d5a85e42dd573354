import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { KeyUnavailable } from './errors';
import { DATA_KEY_BYTES } from './field-cipher';
import type { DataKeyOwner, KeyProvider, WrapContext, WrappedDataKey } from './key-provider';

/**
 * AWS KMS as the holder of the KEK: a symmetric KMS key (by full key ARN, not an alias, so the KEK id
 * of a wrapped key never changes meaning) wraps data keys with `Encrypt`/`GenerateDataKey` and unwraps
 * them with `Decrypt`. The KMS encryption context plays the part of associated data: it names the data
 * key and its owner, and KMS refuses a `Decrypt` whose context differs (it is also logged in CloudTrail,
 * so it holds ids only, never personal data).
 */
export class AwsKmsKeyProvider implements KeyProvider {
  readonly currentKekId: string;

  constructor(
    private readonly client: Pick<KMSClient, 'send'>,
    private readonly keyArn: string,
  ) {
    if (!/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(keyArn)) {
      throw new TypeError(
        `Expected a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "${keyArn}".`,
      );
    }
    this.currentKekId = `aws-kms:${keyArn}`;
  }

  knowsKek(kekId: string): boolean {
    return kekId === this.currentKekId;
  }

  async generateDataKey(context: WrapContext): Promise<{ material: Buffer; wrapped: WrappedDataKey }> {
    const output = await this.call(context, () =>
      this.client.send(
        new GenerateDataKeyCommand({
          KeyId: this.keyArn,
          KeySpec: 'AES_256',
          EncryptionContext: encryptionContext(context),
        }),
      ),
    );
    const material = output.Plaintext;
    if (output.KeyId !== this.keyArn || !output.CiphertextBlob || material?.length !== DATA_KEY_BYTES) {
      throw new KeyUnavailable(`KMS returned an unexpected data key for ${context.dataKeyId}.`);
    }
    return {
      material: Buffer.from(material),
      wrapped: { kekId: this.currentKekId, wrapped: Buffer.from(output.CiphertextBlob) },
    };
  }

  async wrap(material: Buffer, context: WrapContext): Promise<WrappedDataKey> {
    if (material.length !== DATA_KEY_BYTES) throw new TypeError('A data key must be 32 bytes.');
    const output = await this.call(context, () =>
      this.client.send(
        new EncryptCommand({
          KeyId: this.keyArn,
          Plaintext: material,
          EncryptionContext: encryptionContext(context),
        }),
      ),
    );
    if (output.KeyId !== this.keyArn || !output.CiphertextBlob) {
      throw new KeyUnavailable(`KMS returned an unexpected wrapped key for ${context.dataKeyId}.`);
    }
    return { kekId: this.currentKekId, wrapped: Buffer.from(output.CiphertextBlob) };
  }

  async unwrap(wrapped: WrappedDataKey, context: WrapContext): Promise<Buffer> {
    if (wrapped.kekId !== this.currentKekId) {
      throw new KeyUnavailable(
        `Data key ${context.dataKeyId} is wrapped by ${wrapped.kekId}, not by ${this.currentKekId}.`,
      );
    }
    const output = await this.call(context, () =>
      this.client.send(
        new DecryptCommand({
          KeyId: this.keyArn,
          CiphertextBlob: wrapped.wrapped,
          EncryptionContext: encryptionContext(context),
        }),
      ),
    );
    if (output.KeyId !== this.keyArn || output.Plaintext?.length !== DATA_KEY_BYTES) {
      throw new KeyUnavailable(`KMS returned an unexpected data key for ${context.dataKeyId}.`);
    }
    return Buffer.from(output.Plaintext);
  }

  private async call<T>(context: WrapContext, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      // The SDK's error names the cause (AccessDenied, InvalidCiphertextException …) and holds no key bytes.
      throw new KeyUnavailable(`KMS could not process data key ${context.dataKeyId}.`, { cause: error });
    }
  }
}

function encryptionContext(context: WrapContext): Record<string, string> {
  const owner: DataKeyOwner = context.owner;
  return {
    purpose: 'finpersona.data-key',
    dataKeyId: context.dataKeyId,
    ownerKind: owner.kind,
    tenantId: owner.tenantId,
    ...(owner.kind === 'customer' ? { customerId: owner.customerId } : {}),
  };
}
