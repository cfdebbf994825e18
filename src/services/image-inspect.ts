import { crc32 } from 'node:zlib';
import { imageSize } from 'image-size';

/** The image formats WeChat takes for image materials (a purpose may take fewer). */
export type ImageFormat = 'jpg' | 'png' | 'gif' | 'bmp';

/** What an upload's content is: a whole image with its dimensions, or why it is not one. */
export type Inspection =
  | { ok: true; format: ImageFormat; width: number; height: number }
  /** Not one of the four formats; `format` names another image format image-size recognised (webp, tiff…). */
  | { ok: false; reason: 'not-an-image'; format?: string }
  /** Starts like `format` but its header, dimensions or end are missing or broken. */
  | { ok: false; reason: 'damaged'; format: ImageFormat; detail: string };

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32le = (b: Uint8Array, at: number) => u16le(b, at) + u16le(b, at + 2) * 0x10000;
/** Sizes of the BMP info headers in use (BITMAPCOREHEADER … BITMAPV5HEADER). */
const BMP_INFO_HEADER_SIZES = [12, 40, 52, 56, 108, 124];

/**
 * The format a file claims by its first bytes (magic numbers): JPEG `FF D8 FF`, PNG
 * `89 50 4E 47 0D 0A 1A 0A`, GIF `GIF87a`/`GIF89a`, BMP `BM` with a known info-header size.
 */
function claimedFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'gif';
  if (startsWith(bytes, [0x42, 0x4d]) && bytes.length >= 18 && BMP_INFO_HEADER_SIZES.includes(u32le(bytes, 14))) return 'bmp';
  return null;
}

const PNG_IEND = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

/** PNG: a whole IHDR chunk (13 bytes, CRC intact) first, the IEND chunk last. */
function pngProblem(b: Uint8Array): string | null {
  if (b.length < 33 || u32be(b, 8) !== 13) return 'its IHDR header is incomplete';
  if (crc32(b.subarray(12, 29)) !== u32be(b, 29)) return 'its IHDR header is corrupt (CRC mismatch)';
  if (!PNG_IEND.every((byte, i) => b[b.length - 12 + i] === byte)) return 'it does not end with an IEND chunk (truncated)';
  return null;
}

/** Size of a GIF colour table from its packed flags byte (present when bit 7 is set). */
const gifColorTable = (flags: number) => (flags & 0x80 ? 3 * (1 << ((flags & 7) + 1)) : 0);

/**
 * GIF: its blocks, walked from the logical screen descriptor (extensions and images, each ending
 * with an empty sub-block), reach the trailer byte 0x3B.
 */
function gifProblem(b: Uint8Array): string | null {
  if (b.length < 13) return 'its header is incomplete';
  let at = 13 + gifColorTable(b[10]!);
  const subBlocks = () => {
    while (at < b.length) {
      const length = b[at]!;
      at += 1 + length;
      if (length === 0) return true;
    }
    return false;
  };
  for (;;) {
    if (at >= b.length) return 'it ends before the GIF trailer (truncated)';
    const block = b[at];
    if (block === 0x3b) return null;
    if (block === 0x21) {
      at += 2; // introducer and label
    } else if (block === 0x2c) {
      if (at + 10 > b.length) return 'it ends inside an image descriptor (truncated)';
      at += 10 + gifColorTable(b[at + 9]!) + 1; // descriptor, local colour table, LZW code size
    } else {
      return 'its blocks are corrupt';
    }
    if (!subBlocks()) return 'it ends inside a block (truncated)';
  }
}

/**
 * JPEG: its segments, walked by their lengths, hold a frame header (SOF) before the first scan
 * (SOS), and the end-of-image marker follows the scan. Inside scan data every FF byte is followed
 * by 00 or a restart marker, so an FF D9 there can only be the real end.
 */
function jpegProblem(b: Uint8Array): string | null {
  let at = 2;
  let frame = false;
  for (;;) {
    while (b[at] === 0xff && b[at + 1] === 0xff) at++; // fill bytes
    if (at + 4 > b.length) return 'its header is incomplete';
    if (b[at] !== 0xff) return 'its segments are corrupt';
    const marker = b[at + 1]!;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    const end = at + 2 + u16be(b, at + 2);
    if (end > b.length) return 'its header is incomplete';
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) frame = true;
    if (marker === 0xd9) return 'it ends before any image data';
    if (marker === 0xda) {
      if (!frame) return 'it has no frame header before its image data';
      for (let i = end; i + 1 < b.length; i++) if (b[i] === 0xff && b[i + 1] === 0xd9) return null;
      return 'it has no end-of-image marker (truncated)';
    }
    at = end;
  }
}

/** BMP: the info header and the pixel data its header describes are all there. */
function bmpProblem(b: Uint8Array): string | null {
  const infoSize = u32le(b, 14);
  const pixelsAt = u32le(b, 10);
  if (b.length < 14 + infoSize || pixelsAt < 14 + infoSize || pixelsAt > b.length) return 'its header is incomplete';
  const declaredSize = u32le(b, 2);
  if (declaredSize > b.length) return `it is ${b.length} bytes, its header says ${declaredSize} (truncated)`;
  if (infoSize >= 40) {
    const width = Math.abs(u32le(b, 18) | 0);
    const height = Math.abs(u32le(b, 22) | 0);
    const bitsPerPixel = u16le(b, 28);
    const compression = u32le(b, 30);
    // Uncompressed rows (BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS) are padded to 4 bytes.
    if ([0, 3, 6].includes(compression) && pixelsAt + Math.ceil((width * bitsPerPixel) / 32) * 4 * height > b.length) {
      return 'its pixel data is incomplete (truncated)';
    }
  }
  return null;
}

const PROBLEMS: Record<ImageFormat, (bytes: Uint8Array) => string | null> = { png: pngProblem, gif: gifProblem, jpg: jpegProblem, bmp: bmpProblem };

/**
 * Reads an upload as an image: the format from its first bytes, the dimensions from its header
 * (image-size), and that the file is whole (its format's header is complete and its end is there).
 */
export function inspectImage(bytes: Uint8Array): Inspection {
  let size: ReturnType<typeof imageSize> | undefined;
  try {
    // image-size may read past the end of a view into a larger buffer: give it exactly the file.
    size = imageSize(bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice());
  } catch {
    size = undefined; // unknown, or a header cut short
  }
  const format = claimedFormat(bytes);
  if (!format) return { ok: false, reason: 'not-an-image', format: size?.type };
  if (!size || size.type !== format) return { ok: false, reason: 'damaged', format, detail: 'its header is incomplete' };
  if (!(size.width > 0 && size.height > 0)) return { ok: false, reason: 'damaged', format, detail: `its header gives ${size.width}×${size.height} pixels` };
  const problem = PROBLEMS[format](bytes);
  if (problem) return { ok: false, reason: 'damaged', format, detail: problem };
  return { ok: true, format, width: size.width, height: size.height };
}
