import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DataKeyCache } from './data-key-cache';
import { EnvelopeEncryption } from './envelope';
import { FieldDecryptionFailed, KeyUnavailable } from './errors';
import type { FieldLocation } from './field-cipher';
import { CompositeKeyProvider, type DataKeyOwner } from './key-provider';
import { LocalFileKeyProvider } from './local-file-key-provider';
import { rotateKeyEncryptionKey } from './rotation';
import { InMemoryWrappedKeyStore } from './wrapped-key-store';

const kek = (fill: number) => LocalFileKeyProvider.fromKey(Buffer.alloc(32, fill));
const tenantA = 'tenant-a';
const tenantB = 'tenant-b';

interface Written {
  owner: DataKeyOwner;
  location: FieldLocation;
  plaintext: string;
  stored: string;
}

/** Two tenants, each with tenant-level values and values of three customers under their own keys. */
async function writeSample(encryption: EnvelopeEncryption): Promise<Written[]> {
  const written: Written[] = [];
  for (const tenantId of [tenantA, tenantB]) {
    for (let row = 0; row < 5; row++) {
      const owner: DataKeyOwner = { kind: 'tenant', tenantId };
      const location = { tenantId, table: 'transaction', column: 'description', rowId: `tx-${row}` };
      const plaintext = `Payment ${row} at ${tenantId}`;
      written.push({
        owner,
        location,
        plaintext,
        stored: await encryption.encrypt(owner, location, plaintext),
      });
    }
    for (const customerId of ['c-1', 'c-2', 'c-3']) {
      const owner: DataKeyOwner = { kind: 'customer', tenantId, customerId };
      for (const column of ['email', 'phone', 'name']) {
        const location = { tenantId, table: 'customer', column, rowId: customerId };
        const plaintext = `${column} of ${customerId} at ${tenantId}`;
        written.push({
          owner,
          location,
          plaintext,
          stored: await encryption.encrypt(owner, location, plaintext),
        });
      }
    }
  }
  return written;
}

async function expectAllReadable(encryption: EnvelopeEncryption, written: Written[]): Promise<void> {
  for (const value of written)
    expect(await encryption.decrypt(value.stored, value.location)).toBe(value.plaintext);
}

describe('envelope encryption', () => {
  it('gives each tenant and each customer its own data key, stored only wrapped', async () => {
    const store = new InMemoryWrappedKeyStore();
    const encryption = new EnvelopeEncryption(store, kek(1));
    const tenantKey = await encryption.dataKeyFor({ kind: 'tenant', tenantId: tenantA });
    const customerKey = await encryption.dataKeyFor({
      kind: 'customer',
      tenantId: tenantA,
      customerId: 'c-1',
    });
    expect(tenantKey.id).not.toBe(customerKey.id);
    expect(tenantKey.material.equals(customerKey.material)).toBe(false);
    expect((await encryption.dataKeyFor({ kind: 'tenant', tenantId: tenantA })).id).toBe(tenantKey.id);
    const stored = (await store.list({ limit: 10 })).map((key) => key.wrapped);
    expect(stored).toHaveLength(2);
    for (const wrapped of stored) {
      expect(wrapped.includes(tenantKey.material)).toBe(false);
      expect(wrapped.includes(customerKey.material)).toBe(false);
    }
  });

  it('round-trips values of every owner', async () => {
    const encryption = new EnvelopeEncryption(new InMemoryWrappedKeyStore(), kek(1));
    await expectAllReadable(encryption, await writeSample(encryption));
  });

  it('a value of tenant A presented as tenant B fails, even at the same table, column and row id', async () => {
    const encryption = new EnvelopeEncryption(new InMemoryWrappedKeyStore(), kek(1));
    const written = await writeSample(encryption);
    for (const value of written.filter((w) => w.location.tenantId === tenantA)) {
      await expect(
        encryption.decrypt(value.stored, { ...value.location, tenantId: tenantB }),
      ).rejects.toBeInstanceOf(FieldDecryptionFailed);
    }
  });

  it('swapping stored values between rows fails', async () => {
    const encryption = new EnvelopeEncryption(new InMemoryWrappedKeyStore(), kek(1));
    const written = await writeSample(encryption);
    const emails = written.filter((w) => w.location.column === 'email' && w.location.tenantId === tenantA);
    await expect(encryption.decrypt(emails[0]!.stored, emails[1]!.location)).rejects.toBeInstanceOf(
      FieldDecryptionFailed,
    );
  });

  it('a wrapped data key moved to another owner does not unwrap', async () => {
    const provider = kek(1);
    const store = new InMemoryWrappedKeyStore();
    await new EnvelopeEncryption(store, provider).dataKeyFor({
      kind: 'customer',
      tenantId: tenantA,
      customerId: 'c-1',
    });
    const [key] = await store.list({ limit: 1 });
    await expect(
      provider.unwrap(key!, {
        dataKeyId: key!.dataKeyId,
        owner: { kind: 'customer', tenantId: tenantA, customerId: 'c-2' },
      }),
    ).rejects.toBeInstanceOf(KeyUnavailable);
  });

  it('shredding a customer key makes that customer unreadable while everyone else stays readable', async () => {
    const encryption = new EnvelopeEncryption(new InMemoryWrappedKeyStore(), kek(1));
    const written = await writeSample(encryption);
    expect(await encryption.shredCustomerKey(tenantA, 'c-2')).toBe(true);
    const shredded = (w: Written) =>
      w.owner.kind === 'customer' && w.owner.tenantId === tenantA && w.owner.customerId === 'c-2';
    for (const value of written.filter(shredded)) {
      await expect(encryption.decrypt(value.stored, value.location)).rejects.toBeInstanceOf(
        FieldDecryptionFailed,
      );
    }
    await expectAllReadable(
      encryption,
      written.filter((w) => !shredded(w)),
    );
    expect(await encryption.shredCustomerKey(tenantA, 'c-2')).toBe(false);
  });

  it('rotation re-wraps every data key so values stay readable and the old KEK is no longer needed', async () => {
    const store = new InMemoryWrappedKeyStore();
    const oldKek = kek(1);
    const newKek = kek(2);
    const written = await writeSample(new EnvelopeEncryption(store, oldKek));
    const before = new Map((await store.list({ limit: 100 })).map((key) => [key.dataKeyId, key]));

    // During the rotation, readers and writers use both KEKs (new one current): no downtime.
    const during = new EnvelopeEncryption(store, new CompositeKeyProvider(newKek, oldKek));
    const report = await rotateKeyEncryptionKey({ store, from: oldKek, to: newKek, batchSize: 3 });
    expect(report).toEqual({ rewrapped: before.size, alreadyCurrent: 0 });
    await expectAllReadable(during, written);

    const after = await store.list({ limit: 100 });
    expect(after.map((key) => key.dataKeyId).sort()).toEqual([...before.keys()].sort());
    for (const key of after) {
      expect(key.kekId).toBe(newKek.currentKekId);
      expect(key.wrapped.equals(before.get(key.dataKeyId)!.wrapped)).toBe(false);
    }
    // Only the new KEK from here on; field ciphertexts were never rewritten.
    await expectAllReadable(new EnvelopeEncryption(store, newKek), written);
    const onlyOld = new EnvelopeEncryption(store, oldKek);
    await expect(onlyOld.decrypt(written[0]!.stored, written[0]!.location)).rejects.toBeInstanceOf(
      FieldDecryptionFailed,
    );
  });

  it('rotation can be re-run after an interruption and skips keys already re-wrapped', async () => {
    const store = new InMemoryWrappedKeyStore();
    const oldKek = kek(1);
    const newKek = kek(2);
    const written = await writeSample(new EnvelopeEncryption(store, oldKek));
    const total = (await store.list({ limit: 100 })).length;
    // Interrupted: the first batch went through, then the process stopped.
    const [first] = await store.list({ limit: 1 });
    const context = { dataKeyId: first!.dataKeyId, owner: first!.owner };
    await store.replaceWrapping(
      first!.dataKeyId,
      first!,
      await newKek.wrap(await oldKek.unwrap(first!, context), context),
    );

    const report = await rotateKeyEncryptionKey({ store, from: oldKek, to: newKek });
    expect(report).toEqual({ rewrapped: total - 1, alreadyCurrent: 1 });
    await expectAllReadable(new EnvelopeEncryption(store, newKek), written);
  });

  it('keys created during a rotation are wrapped by the new KEK', async () => {
    const store = new InMemoryWrappedKeyStore();
    const oldKek = kek(1);
    const newKek = kek(2);
    const during = new EnvelopeEncryption(store, new CompositeKeyProvider(newKek, oldKek));
    await during.dataKeyFor({ kind: 'tenant', tenantId: 'tenant-new' });
    expect((await store.list({ limit: 1 }))[0]!.kekId).toBe(newKek.currentKekId);
  });

  it('a composite provider refuses a KEK it does not know with KeyUnavailable', async () => {
    const composite = new CompositeKeyProvider(kek(2), kek(3));
    const context = { dataKeyId: 'dk', owner: { kind: 'tenant', tenantId: tenantA } as const };
    const wrapped = await kek(1).wrap(randomBytes(32), context);
    await expect(composite.unwrap(wrapped, context)).rejects.toBeInstanceOf(KeyUnavailable);
  });

  it('refuses to encrypt a value under another tenant’s key', async () => {
    const encryption = new EnvelopeEncryption(new InMemoryWrappedKeyStore(), kek(1));
    await expect(
      encryption.encrypt(
        { kind: 'tenant', tenantId: tenantB },
        { tenantId: tenantA, table: 't', column: 'c', rowId: 'r' },
        'x',
      ),
    ).rejects.toThrow(TypeError);
  });

  describe('with a data-key cache', () => {
    /** A provider that counts its unwraps. */
    const counting = () => {
      const provider = kek(1);
      let unwraps = 0;
      const unwrap = provider.unwrap.bind(provider);
      provider.unwrap = (wrapped, context) => {
        unwraps++;
        return unwrap(wrapped, context);
      };
      return { provider, unwraps: () => unwraps };
    };

    it('unwraps each key once for many reads, and reads the same values', async () => {
      const { provider, unwraps } = counting();
      const encryption = new EnvelopeEncryption(new InMemoryWrappedKeyStore(), provider, new DataKeyCache());
      const written = await writeSample(encryption);
      // Each of the 8 keys (2 tenants x (tenant key + 3 customer keys)) was unwrapped once, on its second
      // use (a key just created is not cached: its insert could still roll back in a real store).
      expect(unwraps()).toBe(8);
      await expectAllReadable(encryption, written);
      await encryption.decryptMany(written.map(({ stored, location }) => ({ stored, location })));
      expect(unwraps()).toBe(8);
    });

    it('a shredded key fails at once although its material is cached: the store is asked first', async () => {
      const store = new InMemoryWrappedKeyStore();
      const encryption = new EnvelopeEncryption(store, kek(1), new DataKeyCache());
      const written = await writeSample(encryption);
      await expectAllReadable(encryption, written);
      // Another process shreds: this one's cache still holds the key.
      await new EnvelopeEncryption(store, kek(1)).shredCustomerKey(tenantA, 'c-1');
      for (const value of written) {
        const shredded =
          value.owner.kind === 'customer' &&
          value.owner.tenantId === tenantA &&
          value.owner.customerId === 'c-1';
        const read = encryption.decrypt(value.stored, value.location);
        if (shredded) await expect(read).rejects.toBeInstanceOf(FieldDecryptionFailed);
        else await expect(read).resolves.toBe(value.plaintext);
      }
    });

    it('decryptMany fails as a whole when any value is bad, naming no value', async () => {
      const encryption = new EnvelopeEncryption(new InMemoryWrappedKeyStore(), kek(1), new DataKeyCache());
      const [first, second] = await writeSample(encryption);
      await expect(
        encryption.decryptMany([
          { stored: first!.stored, location: first!.location },
          { stored: first!.stored, location: second!.location },
        ]),
      ).rejects.toBeInstanceOf(FieldDecryptionFailed);
    });
  });
});
