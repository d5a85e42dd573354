/** Turning a file's bytes into text with the encoding the customer or the format declares. */

/** Encodings statement files come in. `latin1` is decoded as windows-1252 (its superset, as the WHATWG Encoding standard does). */
export const textEncodings = ['utf-8', 'windows-1250', 'windows-1252', 'latin1'] as const;
export type TextEncoding = (typeof textEncodings)[number];

/**
 * Decodes `bytes`; UTF-8 is decoded strictly so a file saved in another encoding is reported instead of
 * silently turning accented names into replacement characters. A leading byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): { text: string } | { error: string } {
  try {
    const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8', ignoreBOM: false });
    return { text: decoder.decode(bytes) };
  } catch {
    return {
      error: `The file is not valid ${encoding.toUpperCase()} text. Save it as UTF-8, or choose the encoding it was saved in (e.g. windows-1250 for Czech and Polish banks, windows-1252 for Western European ones).`,
    };
  }
}
