// Reading ZIP archives (DOCX, VSIX) in tests, through their central directory.
import { inflateRawSync } from "node:zlib";

interface ZipEntry {
  name: string;
  method: number;
  size: number;
  local: number;
}

export function zipEntries(zip: Buffer): ZipEntry[] {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a ZIP file");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    const nameLen = zip.readUInt16LE(at + 28);
    out.push({
      method: zip.readUInt16LE(at + 10),
      size: zip.readUInt32LE(at + 20),
      local: zip.readUInt32LE(at + 42),
      name: zip.subarray(at + 46, at + 46 + nameLen).toString("utf8"),
    });
    at += 46 + nameLen + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

/** One file of a ZIP archive, as text. */
export function unzipFile(zip: Buffer, name: string): string | undefined {
  const e = zipEntries(zip).find((x) => x.name === name);
  if (!e) return undefined;
  const dataAt = e.local + 30 + zip.readUInt16LE(e.local + 26) + zip.readUInt16LE(e.local + 28);
  const data = zip.subarray(dataAt, dataAt + e.size);
  return (e.method === 8 ? inflateRawSync(data) : data).toString("utf8");
}
