import { gzipSync } from "node:zlib";

/**
 * A minimal ustar writer for the evidence bundle (regular files only), so a
 * third party can unpack it with `tar xzf`. No dependency needed.
 */
export type TarFile = { name: string; content: string | Buffer; mode?: number };

function header(name: string, size: number, mode: number, mtime: number): Buffer {
  const block = Buffer.alloc(512, 0);
  const write = (text: string, offset: number, length: number) => block.write(text.slice(0, length), offset, length, "utf8");
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, "0") + "\0";
  write(name, 0, 100);
  write(octal(mode, 8), 100, 8);
  write(octal(0, 8), 108, 8);
  write(octal(0, 8), 116, 8);
  write(octal(size, 12), 124, 12);
  write(octal(mtime, 12), 136, 12);
  block.fill(" ", 148, 156); // checksum placeholder
  write("0", 156, 1);
  write("ustar\0", 257, 6);
  write("00", 263, 2);
  let sum = 0;
  for (const byte of block) sum += byte;
  write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8);
  return block;
}

export function tarGz(files: TarFile[], mtime = Math.floor(Date.now() / 1000)): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    if (Buffer.byteLength(file.name) > 100) throw new Error(`tar: name too long: ${file.name}`);
    const content = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
    parts.push(header(file.name, content.length, file.mode ?? 0o644, mtime), content, Buffer.alloc((512 - (content.length % 512)) % 512, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  return gzipSync(Buffer.concat(parts));
}
