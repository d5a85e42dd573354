export { AwsKmsKeyProvider } from './aws-kms-key-provider';
export { BLIND_INDEX_BYTES, blindIndexKey, computeBlindIndex, normalise } from './blind-index';
export type { Normalisation } from './blind-index';
export { CryptoModule } from './crypto.module';
export { DataKeyCache } from './data-key-cache';
export { EnvelopeEncryption } from './envelope';
export { DATA_KEY_CACHE_LIMITS, FieldEncryptionService, KEY_PROVIDER } from './field-encryption.service';
export type { FieldAddress } from './field-encryption.service';
export { FieldDecryptionFailed, KeyFileRejected, KeyUnavailable } from './errors';
export {
  FIELD_FORMAT_VERSION,
  decryptField,
  decryptFieldBytes,
  encryptField,
  fieldAssociatedData,
  parseStoredField,
  sealFieldBytes,
} from './field-cipher';
export type { DataKey, FieldLocation, SealedField } from './field-cipher';
export { CompositeKeyProvider, wrapAssociatedData } from './key-provider';
export type { DataKeyOwner, KeyProvider, WrapContext, WrappedDataKey } from './key-provider';
export { LocalFileKeyProvider } from './local-file-key-provider';
export { PostgresWrappedKeyStore } from './postgres-wrapped-key-store';
export { createKeyProvider } from './provider-from-config';
export { rotateKeyEncryptionKey } from './rotation';
export type { RotationReport } from './rotation';
export { InMemoryWrappedKeyStore } from './wrapped-key-store';
export type { StoredDataKey, WrappedKeyStore } from './wrapped-key-store';
