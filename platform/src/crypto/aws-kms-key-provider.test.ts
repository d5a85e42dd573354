import { KMSClient } from '@aws-sdk/client-kms';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AwsKmsKeyProvider } from './aws-kms-key-provider';
import { EnvelopeEncryption } from './envelope';
import { KeyUnavailable } from './errors';
import type { WrapContext } from './key-provider';
import { LocalFileKeyProvider } from './local-file-key-provider';
import { rotateKeyEncryptionKey } from './rotation';
import { InMemoryWrappedKeyStore } from './wrapped-key-store';

const keyArn = 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

interface SeenRequest {
  target: string;
  body: Record<string, unknown>;
}

/**
 * The real KMSClient (serialisation, SigV4 signing, error parsing) with its HTTP handler replaced by a
 * stand-in for the KMS service: AWS itself is not reachable here. The stand-in enforces what the adapter
 * relies on — a blob decrypts only under the encryption context it was made with.
 */
function clientWithFakeKms(): { client: KMSClient; seen: SeenRequest[] } {
  const serviceKey = randomBytes(32);
  const seen: SeenRequest[] = [];
  const contextBytes = (context: unknown) =>
    Buffer.from(JSON.stringify(Object.entries((context ?? {}) as Record<string, string>).sort()));
  const seal = (plaintext: Buffer, context: unknown) => {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', serviceKey, nonce);
    cipher.setAAD(contextBytes(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]);
  };
  const open = (blob: Buffer, context: unknown) => {
    const decipher = createDecipheriv('aes-256-gcm', serviceKey, blob.subarray(0, 12));
    decipher.setAAD(contextBytes(context));
    decipher.setAuthTag(blob.subarray(blob.length - 16));
    return Buffer.concat([decipher.update(blob.subarray(12, blob.length - 16)), decipher.final()]);
  };
  const reply = (statusCode: number, body: Record<string, unknown>) => ({
    response: {
      statusCode,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: Buffer.from(JSON.stringify(body)),
    },
  });

  const client = new KMSClient({
    region: 'eu-central-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { headers: Record<string, string>; body: string | Uint8Array }) => {
        const target = request.headers['x-amz-target'] ?? '';
        const text = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        const body = JSON.parse(text) as Record<string, unknown>;
        seen.push({ target, body });
        expect(request.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
        if (body.KeyId !== keyArn)
          return reply(400, { __type: 'NotFoundException', message: 'Key not found' });
        const operation = target.replace('TrentService.', '');
        if (operation === 'GenerateDataKey' || operation === 'Encrypt') {
          const plaintext =
            operation === 'Encrypt' ? Buffer.from(body.Plaintext as string, 'base64') : randomBytes(32);
          return reply(200, {
            KeyId: keyArn,
            CiphertextBlob: seal(plaintext, body.EncryptionContext).toString('base64'),
            ...(operation === 'GenerateDataKey' ? { Plaintext: plaintext.toString('base64') } : {}),
          });
        }
        if (operation === 'Decrypt') {
          try {
            const plaintext = open(
              Buffer.from(body.CiphertextBlob as string, 'base64'),
              body.EncryptionContext,
            );
            return reply(200, { KeyId: keyArn, Plaintext: plaintext.toString('base64') });
          } catch {
            return reply(400, { __type: 'InvalidCiphertextException', message: '' });
          }
        }
        return reply(400, { __type: 'UnsupportedOperationException', message: target });
      },
    },
  });
  return { client, seen };
}

const context: WrapContext = {
  dataKeyId: 'dk-1',
  owner: { kind: 'customer', tenantId: 'tenant-a', customerId: 'c-1' },
};

describe('AWS KMS key provider (real SDK client, stand-in service)', () => {
  it('generates a data key with GenerateDataKey, AES_256 and an encryption context naming the key and owner', async () => {
    const { client, seen } = clientWithFakeKms();
    const provider = new AwsKmsKeyProvider(client, keyArn);
    const { material, wrapped } = await provider.generateDataKey(context);
    expect(material).toHaveLength(32);
    expect(wrapped.kekId).toBe(`aws-kms:${keyArn}`);
    expect(seen[0]).toEqual({
      target: 'TrentService.GenerateDataKey',
      body: {
        KeyId: keyArn,
        KeySpec: 'AES_256',
        EncryptionContext: {
          purpose: 'finpersona.data-key',
          dataKeyId: 'dk-1',
          ownerKind: 'customer',
          tenantId: 'tenant-a',
          customerId: 'c-1',
        },
      },
    });
    expect((await provider.unwrap(wrapped, context)).equals(material)).toBe(true);
  });

  it('wraps with Encrypt and unwraps with Decrypt', async () => {
    const provider = new AwsKmsKeyProvider(clientWithFakeKms().client, keyArn);
    const material = randomBytes(32);
    const wrapped = await provider.wrap(material, context);
    expect((await provider.unwrap(wrapped, context)).equals(material)).toBe(true);
  });

  it('a data key presented for another owner is refused by KMS and surfaces as KeyUnavailable', async () => {
    const provider = new AwsKmsKeyProvider(clientWithFakeKms().client, keyArn);
    const { wrapped } = await provider.generateDataKey(context);
    const otherOwner: WrapContext = {
      ...context,
      owner: { kind: 'customer', tenantId: 'tenant-a', customerId: 'c-2' },
    };
    await expect(provider.unwrap(wrapped, otherOwner)).rejects.toBeInstanceOf(KeyUnavailable);
  });

  it('refuses an alias instead of a key ARN', () => {
    expect(() => new AwsKmsKeyProvider(clientWithFakeKms().client, 'alias/finpersona')).toThrow(TypeError);
  });

  it('rotation from a local KEK to KMS keeps every value readable through KMS alone', async () => {
    const store = new InMemoryWrappedKeyStore();
    const local = LocalFileKeyProvider.fromKey(randomBytes(32));
    const kms = new AwsKmsKeyProvider(clientWithFakeKms().client, keyArn);
    const before = new EnvelopeEncryption(store, local);
    const location = { tenantId: 'tenant-a', table: 'customer', column: 'email', rowId: 'c-1' };
    const stored = await before.encrypt(context.owner, location, 'ana@example.com');
    expect(await rotateKeyEncryptionKey({ store, from: local, to: kms })).toEqual({
      rewrapped: 1,
      alreadyCurrent: 0,
    });
    expect(await new EnvelopeEncryption(store, kms).decrypt(stored, location)).toBe('ana@example.com');
  });
});
