// A small ZIP writer and reader for audit packs. The writer is deterministic: entries in the order given
// (the pack sorts them), one fixed timestamp for every entry, no extra fields, no comments, fixed file
// attributes, and fflate's deflate (bundled, so the same bytes on every machine and Node version). The
// reader walks the central directory of an untrusted archive with every size checked, inflates with
// a cap at the declared size and checks each entry's CRC.
import { deflateSync } from "fflate";
import { inflateRawSync } from "node:zlib";

/** A wall-clock time for ZIP's DOS date and time fields (no time zone: as the commit's committer saw it). */
export interface ZipTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export interface ZipInput {
  name: string;
  data: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The DOS time and date of a wall-clock time, clamped to ZIP's range (1980 to 2107). */
function dosTime(t: ZipTime): { time: number; date: number } {
  if (t.year < 1980) return { time: 0, date: (1 << 5) | 1 };
  const year = Math.min(t.year, 2107);
  return {
    time: (t.hour << 11) | (t.minute << 5) | Math.floor(t.second / 2),
    date: ((year - 1980) << 9) | (t.month << 5) | t.day,
  };
}

/** Signatures of formats that are compressed already: ZIP (and so .docx, .xlsx), gzip, PNG, JPEG. */
const COMPRESSED = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x1f, 0x8b],
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
];
const compressed = (data: Uint8Array) => COMPRESSED.some((sig) => sig.every((b, i) => data[i] === b));

/** ZIP's limits without the ZIP64 extension, which the writer does not use. */
const MAX_ENTRIES = 0xffff;
const MAX_SIZE = 0xffffffff;

/** A ZIP archive of `files` in the given order, every entry dated `when`. Throws past ZIP's plain limits. */
export function writeZip(files: readonly ZipInput[], when: ZipTime): Buffer {
  if (files.length > MAX_ENTRIES) throw new Error(`a ZIP file holds at most ${MAX_ENTRIES} files`);
  const { time, date } = dosTime(when);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name, "utf8");
    const crc = crc32(f.data);
    // Stored when deflate does not make it smaller (already compressed evidence: PDFs, images); not
    // tried on what is compressed already by its format (Word and Excel files are ZIP files).
    const deflated = compressed(f.data) ? f.data : deflateSync(f.data, { level: 6 });
    const stored = deflated.length >= f.data.length;
    const body = stored ? f.data : deflated;
    if (f.data.length > MAX_SIZE || offset > MAX_SIZE)
      throw new Error(`${f.name}: the pack is larger than a ZIP file without ZIP64 holds (4 GiB)`);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4); // version needed: 2.0
    head.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
    head.writeUInt16LE(stored ? 0 : 8, 8);
    head.writeUInt16LE(time, 10);
    head.writeUInt16LE(date, 12);
    head.writeUInt32LE(crc, 14);
    head.writeUInt32LE(body.length, 18);
    head.writeUInt32LE(f.data.length, 22);
    head.writeUInt16LE(name.length, 26);
    head.writeUInt16LE(0, 28);
    locals.push(head, name, Buffer.from(body.buffer, body.byteOffset, body.length));
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0 (so the attributes below are modes)
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(f.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal attributes: 0
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  if (offset > MAX_SIZE) throw new Error("the pack is larger than a ZIP file without ZIP64 holds (4 GiB)");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** The files of a ZIP archive by name, or why it cannot be read. */
export type ZipRead = { ok: true; files: Map<string, Buffer> } | { ok: false; reason: string };

/** The most an archive may unpack to when verified (a ZIP bomb is refused, not inflated). */
const MAX_UNPACKED = 4 * 1024 * 1024 * 1024;

/**
 * Reads every file of a ZIP archive through its central directory; folder entries are skipped. Refuses
 * (with the reason) an archive that is damaged, uses ZIP64, encryption or a method other than stored
 * and deflate, names a file twice, or whose data does not match its CRC or size.
 */
export function readZip(zip: Buffer): ZipRead {
  const bad = (reason: string): ZipRead => ({ ok: false, reason });
  let eocd = zip.length - 22;
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  while (eocd >= stop && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < stop || zip.length < 22) return bad("it is not a ZIP file (no end of central directory)");
  const count = zip.readUInt16LE(eocd + 10);
  const dirSize = zip.readUInt32LE(eocd + 12);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) return bad("it uses ZIP64, which audit packs never do");
  if (at + dirSize > eocd) return bad("its central directory lies outside the file");
  const files = new Map<string, Buffer>();
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || zip.readUInt32LE(at) !== 0x02014b50) return bad("its central directory is damaged");
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const csize = zip.readUInt32LE(at + 20);
    const usize = zip.readUInt32LE(at + 24);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    if (at + 46 + nameLen > eocd) return bad("its central directory is damaged");
    const name = zip.subarray(at + 46, at + 46 + nameLen).toString("utf8");
    at += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) return bad(`${name} is encrypted`);
    if (name.endsWith("/")) continue;
    if (files.has(name)) return bad(`it holds ${name} twice`);
    if (method !== 0 && method !== 8) return bad(`${name} is compressed with method ${method}`);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== 0x04034b50)
      return bad(`${name}: its local header is damaged`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    if (start + csize > zip.length) return bad(`${name}: its data runs past the end of the file`);
    total += usize;
    if (total > MAX_UNPACKED) return bad("it unpacks to more than 4 GiB");
    const raw = zip.subarray(start, start + csize);
    let data: Buffer;
    try {
      data = method === 0 ? Buffer.from(raw) : inflateRawSync(raw, { maxOutputLength: Math.max(1, usize) });
    } catch {
      return bad(`${name}: its data cannot be unpacked`);
    }
    if (data.length !== usize || crc32(data) !== crc) return bad(`${name}: its data does not match its CRC`);
    files.set(name, data);
  }
  return { ok: true, files };
}
