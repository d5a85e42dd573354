import { lengthPrefixed } from './encoding';
import { KeyUnavailable } from './errors';

/** Whose data a data key protects: a tenant's shared fields, or one customer's (shredded on erasure). */
export type DataKeyOwner =
  { kind: 'tenant'; tenantId: string } | { kind: 'customer'; tenantId: string; customerId: string };

/** What a wrapped data key is bound to: unwrapping under any other id or owner fails. */
export interface WrapContext {
  dataKeyId: string;
  owner: DataKeyOwner;
}

/** A data key encrypted by a key-encryption key (KEK), with the id of the KEK that can unwrap it. */
export interface WrappedDataKey {
  kekId: string;
  wrapped: Buffer;
}

/**
 * Holds key-encryption keys. A provider wraps new data keys with its current KEK (`currentKekId`) and
 * unwraps any data key whose `kekId` it knows; the plaintext KEK never leaves it.
 */
export interface KeyProvider {
  readonly currentKekId: string;
  /** True when `unwrap` can handle data keys wrapped by this KEK. */
  knowsKek(kekId: string): boolean;
  /** A fresh random 32-byte data key, returned in plaintext and wrapped by the current KEK. */
  generateDataKey(context: WrapContext): Promise<{ material: Buffer; wrapped: WrappedDataKey }>;
  wrap(material: Buffer, context: WrapContext): Promise<WrappedDataKey>;
  unwrap(wrapped: WrappedDataKey, context: WrapContext): Promise<Buffer>;
}

/** Associated data of a key wrap: the wrapping KEK, the data key's id and its owner, length-prefixed. */
export function wrapAssociatedData(kekId: string, context: WrapContext): Buffer {
  const { owner } = context;
  return lengthPrefixed([
    'finpersona.data-key',
    kekId,
    context.dataKeyId,
    owner.kind,
    owner.tenantId,
    owner.kind === 'customer' ? owner.customerId : '',
  ]);
}

/**
 * Several providers as one, for KEK rotation without downtime: new keys are wrapped by the first
 * (`current`); unwrapping goes to whichever provider knows the data key's KEK, old or new.
 */
export class CompositeKeyProvider implements KeyProvider {
  private readonly providers: readonly KeyProvider[];

  constructor(
    private readonly current: KeyProvider,
    ...previous: KeyProvider[]
  ) {
    this.providers = [current, ...previous];
  }

  get currentKekId(): string {
    return this.current.currentKekId;
  }

  knowsKek(kekId: string): boolean {
    return this.providers.some((provider) => provider.knowsKek(kekId));
  }

  generateDataKey(context: WrapContext): Promise<{ material: Buffer; wrapped: WrappedDataKey }> {
    return this.current.generateDataKey(context);
  }

  wrap(material: Buffer, context: WrapContext): Promise<WrappedDataKey> {
    return this.current.wrap(material, context);
  }

  async unwrap(wrapped: WrappedDataKey, context: WrapContext): Promise<Buffer> {
    const provider = this.providers.find((candidate) => candidate.knowsKek(wrapped.kekId));
    if (!provider) throw new KeyUnavailable(`No configured key-encryption key has id ${wrapped.kekId}.`);
    return provider.unwrap(wrapped, context);
  }
}
