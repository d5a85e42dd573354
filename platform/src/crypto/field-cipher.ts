import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { lengthPrefixed } from './encoding';
import { FieldDecryptionFailed } from './errors';

/** Format version written as the first byte of every stored value. */
export const FIELD_FORMAT_VERSION = 1;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;
const MAX_KEY_ID_BYTES = 255;
const AAD_LABEL = 'finpersona.field';
const keyIdPattern = /^[\x21-\x7e]{1,255}$/;

/** Where a value lives; all four are bound into the associated data of its ciphertext. */
export interface FieldLocation {
  tenantId: string;
  table: string;
  column: string;
  rowId: string;
}

/** A plaintext data key and the id stored next to every value it encrypts. */
export interface DataKey {
  id: string;
  material: Buffer;
}

/** The parts of a stored value, after decoding. */
export interface SealedField {
  version: number;
  keyId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Associated data of a field: the format version and key id (so a header edit fails authentication)
 * and the value's location, length-prefixed so no two locations encode alike.
 */
export function fieldAssociatedData(version: number, keyId: string, location: FieldLocation): Buffer {
  return lengthPrefixed([
    AAD_LABEL,
    Uint8Array.of(version),
    keyId,
    location.tenantId,
    location.table,
    location.column,
    location.rowId,
  ]);
}

/**
 * Encrypts one field value with AES-256-GCM under `key` (fresh random 96-bit nonce, 128-bit tag) and
 * returns the stored form: base64url (no padding) of `version ‖ keyIdLength ‖ keyId ‖ nonce ‖ ciphertext ‖ tag`.
 */
export function encryptField(key: DataKey, location: FieldLocation, plaintext: string | Uint8Array): string {
  return sealFieldBytes(key, location, plaintext).toString('base64url');
}

/** As `encryptField`, returning the raw bytes (for a `bytea` column or measuring). */
export function sealFieldBytes(
  key: DataKey,
  location: FieldLocation,
  plaintext: string | Uint8Array,
): Buffer {
  assertDataKey(key);
  const keyId = Buffer.from(key.id, 'ascii');
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.material, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(fieldAssociatedData(FIELD_FORMAT_VERSION, key.id, location));
  const body = Buffer.concat([
    cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext),
    cipher.final(),
  ]);
  return Buffer.concat([
    Uint8Array.of(FIELD_FORMAT_VERSION, keyId.length),
    keyId,
    nonce,
    body,
    cipher.getAuthTag(),
  ]);
}

/** Splits a stored value into its parts; anything malformed is `FieldDecryptionFailed('format')`. */
export function parseStoredField(stored: string | Uint8Array): SealedField {
  const bytes = typeof stored === 'string' ? decodeBase64url(stored) : Buffer.from(stored);
  const version = bytes[0];
  const keyIdLength = bytes[1];
  if (version !== FIELD_FORMAT_VERSION || keyIdLength === undefined || keyIdLength === 0) {
    throw new FieldDecryptionFailed('format');
  }
  const nonceStart = 2 + keyIdLength;
  const tagStart = bytes.length - TAG_BYTES;
  if (tagStart < nonceStart + NONCE_BYTES) throw new FieldDecryptionFailed('format');
  const keyIdBytes = bytes.subarray(2, nonceStart);
  if (!isPrintableAscii(keyIdBytes)) throw new FieldDecryptionFailed('format');
  return {
    version,
    keyId: keyIdBytes.toString('ascii'),
    nonce: bytes.subarray(nonceStart, nonceStart + NONCE_BYTES),
    ciphertext: bytes.subarray(nonceStart + NONCE_BYTES, tagStart),
    tag: bytes.subarray(tagStart),
  };
}

/**
 * Decrypts a stored value at `location` with the key `resolveKey` returns for its key id. Every failure
 * (format, missing key, tampering, wrong location) is one `FieldDecryptionFailed`.
 */
export function decryptFieldBytes(
  stored: string | Uint8Array,
  location: FieldLocation,
  resolveKey: (keyId: string) => Buffer | undefined,
): Buffer {
  const sealed = parseStoredField(stored);
  const material = resolveKey(sealed.keyId);
  if (material?.length !== DATA_KEY_BYTES) throw new FieldDecryptionFailed('key');
  return openSealedField(sealed, material, location);
}

export function decryptField(
  stored: string | Uint8Array,
  location: FieldLocation,
  resolveKey: (keyId: string) => Buffer | undefined,
): string {
  return decryptFieldBytes(stored, location, resolveKey).toString('utf8');
}

/** Authenticates and decrypts already-parsed parts with the given key material. */
export function openSealedField(sealed: SealedField, material: Buffer, location: FieldLocation): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, sealed.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(fieldAssociatedData(sealed.version, sealed.keyId, location));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    // No cause attached: node's message is harmless today, but nothing from inside the cipher leaves here.
    throw new FieldDecryptionFailed('authentication');
  }
}

export function assertDataKey(key: DataKey): void {
  if (!keyIdPattern.test(key.id)) {
    throw new TypeError(`A data key id must be 1-${MAX_KEY_ID_BYTES} printable ASCII characters.`);
  }
  if (key.material.length !== DATA_KEY_BYTES) throw new TypeError('A data key must be 32 bytes (AES-256).');
}

function isPrintableAscii(bytes: Uint8Array): boolean {
  return bytes.every((byte) => byte >= 0x21 && byte <= 0x7e);
}

function decodeBase64url(text: string): Buffer {
  // Buffer.from silently skips foreign characters; a stored value must be canonical base64url.
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new FieldDecryptionFailed('format');
  const bytes = Buffer.from(text, 'base64url');
  if (bytes.toString('base64url') !== text) throw new FieldDecryptionFailed('format');
  return bytes;
}
