import { describe, expect, it } from 'vitest';
import { imageFilenames, sniffImageKind } from '#src/services/images.ts';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...Buffer.from(v)] : [v])));

describe('sniffImageKind', () => {
  it('detects JPEG, PNG, GIF and BMP by their magic bytes', () => {
    expect(sniffImageKind(bytes(0xff, 0xd8, 0xff, 0xe1, 0, 0))?.contentType).toBe('image/jpeg');
    expect(sniffImageKind(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0))?.contentType).toBe('image/png');
    expect(sniffImageKind(bytes('GIF87a', 0))?.contentType).toBe('image/gif');
    expect(sniffImageKind(bytes('GIF89a', 0))?.contentType).toBe('image/gif');
    const bmp = new Uint8Array(54);
    bmp.set(Buffer.from('BM'));
    bmp[14] = 40;
    expect(sniffImageKind(bmp)?.contentType).toBe('image/bmp');
  });

  it('rejects text, truncated signatures and look-alikes', () => {
    expect(sniffImageKind(bytes('hello world'))).toBeNull();
    expect(sniffImageKind(bytes(0x89, 'PNG'))).toBeNull();
    expect(sniffImageKind(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffImageKind(bytes('GIF88a'))).toBeNull();
    expect(sniffImageKind(bytes('BMW is a car, not a bitmap'))).toBeNull();
    expect(sniffImageKind(new Uint8Array())).toBeNull();
  });
});

describe('imageFilenames', () => {
  const jpg = sniffImageKind(bytes(0xff, 0xd8, 0xff, 0xe0))!;
  it('keeps the base name and sends it with the detected type\'s extension', () => {
    expect(imageFilenames('C:\\photos\\cover.PNG', jpg)).toEqual({ stored: 'cover.PNG', sent: 'cover.jpg' });
    expect(imageFilenames('dir/no-extension', jpg)).toEqual({ stored: 'no-extension', sent: 'no-extension.jpg' });
    expect(imageFilenames('', jpg)).toEqual({ stored: 'image.jpg', sent: 'image.jpg' });
    expect(imageFilenames('bad\u0000name.jpg', jpg).stored).toBe('badname.jpg');
  });
});
