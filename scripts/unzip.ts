/**
 * A minimal zip reader for scripts/models.ts: stored and deflated entries, no zip64, no encryption
 * (PKWARE APPNOTE 6.3, §4.3). Vosk's release and model zips are plain deflate archives well under
 * 4 GiB, and this avoids depending on an `unzip` binary being installed.
 */
import { inflateRawSync } from 'node:zlib';

/** One file of an archive. */
export interface ZipEntry {
  readonly name: string;
  readonly data: () => Buffer;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** The files (not directories) of a zip archive, with lazy decompression. @throws Error when malformed. */
export function readZip(zip: Buffer): ZipEntry[] {
  // The end-of-central-directory record is 22 bytes plus a comment of up to 65535 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_SIGNATURE) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedBytes = zip.readUInt32LE(offset + 20);
    const bytes = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (name.startsWith('/') || name.split('/').includes('..'))
      throw new Error(`unsafe path in zip: ${name}`);
    if (method !== 0 && method !== 8) throw new Error(`unsupported zip compression ${method} for ${name}`);
    entries.push({
      name,
      data: () => {
        if (zip.readUInt32LE(local) !== LOCAL_SIGNATURE) throw new Error(`corrupt zip entry ${name}`);
        const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const raw = zip.subarray(start, start + compressedBytes);
        const data = method === 0 ? Buffer.from(raw) : inflateRawSync(raw);
        if (data.length !== bytes)
          throw new Error(`zip entry ${name}: ${data.length} bytes, expected ${bytes}`);
        return data;
      },
    });
  }
  return entries;
}
