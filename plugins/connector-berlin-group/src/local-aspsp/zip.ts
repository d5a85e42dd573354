import { inflateRawSync } from 'node:zlib';

/**
 * Reads one entry of a zip archive (a Maven jar) held in memory. Only what jars use: stored or deflated
 * entries, no zip64, no encryption. Written here so fetching the spec needs no `unzip` on the machine.
 */
export function readZipEntry(archive: Buffer, entryName: string): Buffer {
  const endOfCentralDirectory = 0x06054b50;
  // The end record is at most 22 + 65535 (comment) bytes from the end.
  let end = -1;
  for (let offset = archive.length - 22; offset >= Math.max(0, archive.length - 22 - 0xffff); offset--) {
    if (archive.readUInt32LE(offset) === endOfCentralDirectory) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new Error('Not a zip archive: no end-of-central-directory record.');
  const entries = archive.readUInt16LE(end + 10);
  let cursor = archive.readUInt32LE(end + 16);
  for (let index = 0; index < entries; index++) {
    if (archive.readUInt32LE(cursor) !== 0x02014b50) throw new Error('Corrupt zip central directory.');
    const method = archive.readUInt16LE(cursor + 10);
    const compressedSize = archive.readUInt32LE(cursor + 20);
    const nameLength = archive.readUInt16LE(cursor + 28);
    const extraLength = archive.readUInt16LE(cursor + 30);
    const commentLength = archive.readUInt16LE(cursor + 32);
    const localHeader = archive.readUInt32LE(cursor + 42);
    const name = archive.toString('utf8', cursor + 46, cursor + 46 + nameLength);
    if (name === entryName) {
      if (archive.readUInt32LE(localHeader) !== 0x04034b50) throw new Error('Corrupt zip local header.');
      const dataStart =
        localHeader + 30 + archive.readUInt16LE(localHeader + 26) + archive.readUInt16LE(localHeader + 28);
      const data = archive.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`Zip entry ${entryName} uses unsupported compression method ${method}.`);
    }
    cursor += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`Zip archive has no entry ${entryName}.`);
}
