import { describe, expect, it } from 'vitest';
import { imageFilenames, KINDS } from '#src/services/images.ts';
import { inspectImage } from '#src/services/image-inspect.ts';
import { BMP, GIF, JPG, PNG, WEBP, jpegOfSize } from '../fixtures/images.ts';

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => (typeof v === 'string' ? [...Buffer.from(v)] : [v])));
const cut = (file: Buffer, length: number) => new Uint8Array(file.subarray(0, length));

describe('inspectImage', () => {
  it('reads the format and dimensions of whole JPEG, PNG, GIF and BMP files', () => {
    for (const [file, format] of [[JPG, 'jpg'], [PNG, 'png'], [GIF, 'gif'], [BMP, 'bmp']] as const) {
      expect(inspectImage(new Uint8Array(file))).toEqual({ ok: true, format, width: 16, height: 16 });
    }
    expect(inspectImage(new Uint8Array(jpegOfSize(70_000)))).toMatchObject({ ok: true, format: 'jpg' });
  });

  it('finds every cut-off file damaged, whatever the length, from the first 16 bytes to one byte short', () => {
    for (const [file, format] of [[JPG, 'jpg'], [PNG, 'png'], [GIF, 'gif'], [BMP, 'bmp']] as const) {
      for (let length = 18; length < file.length; length++) {
        expect(inspectImage(cut(file, length)), `${format} cut to ${length} bytes`).toMatchObject({ ok: false, reason: 'damaged', format });
      }
    }
    // The case reported: a PNG of its signature and the start of IHDR only.
    expect(inspectImage(cut(PNG, 16))).toMatchObject({ ok: false, reason: 'damaged', format: 'png' });
  });

  it('finds a broken header damaged even when the file is long enough', () => {
    const png = new Uint8Array(PNG);
    png[20] = png[20]! ^ 0xff; // the height, without fixing IHDR's CRC
    expect(inspectImage(png)).toMatchObject({ ok: false, reason: 'damaged', detail: expect.stringMatching(/CRC/) });
    const gif = new Uint8Array(GIF);
    gif.set([0, 0, 0, 0], 6); // 0×0 pixels
    expect(inspectImage(gif)).toMatchObject({ ok: false, reason: 'damaged', detail: expect.stringMatching(/0×0/) });
    const jpeg = new Uint8Array(JPG);
    jpeg.set([0xff, 0xf0], 4); // APP0 segment claims to run past the end of the file
    expect(inspectImage(jpeg)).toMatchObject({ ok: false, reason: 'damaged', format: 'jpg' });
  });

  it('says what other formats are, and refuses text, bare signatures and look-alikes', () => {
    expect(inspectImage(new Uint8Array(WEBP))).toEqual({ ok: false, reason: 'not-an-image', format: 'webp' });
    expect(inspectImage(bytes('hello world'))).toMatchObject({ ok: false, reason: 'not-an-image' });
    expect(inspectImage(bytes('GIF88a', 0, 0, 0, 0))).toMatchObject({ ok: false, reason: 'not-an-image' });
    expect(inspectImage(bytes('BMW is a car, not a bitmap'))).toMatchObject({ ok: false, reason: 'not-an-image' });
    expect(inspectImage(new Uint8Array())).toMatchObject({ ok: false, reason: 'not-an-image' });
    expect(inspectImage(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a))).toMatchObject({ ok: false, reason: 'damaged', format: 'png' });
    expect(inspectImage(bytes(0xff, 0xd8, 0xff))).toMatchObject({ ok: false, reason: 'damaged', format: 'jpg' });
  });
});

describe('imageFilenames', () => {
  it('keeps the base name and sends it with the detected type\'s extension', () => {
    expect(imageFilenames('C:\\photos\\cover.PNG', KINDS.jpg)).toEqual({ stored: 'cover.PNG', sent: 'cover.jpg' });
    expect(imageFilenames('dir/no-extension', KINDS.jpg)).toEqual({ stored: 'no-extension', sent: 'no-extension.jpg' });
    expect(imageFilenames('', KINDS.jpg)).toEqual({ stored: 'image.jpg', sent: 'image.jpg' });
    expect(imageFilenames('bad\u0000name.jpg', KINDS.jpg).stored).toBe('badname.jpg');
  });
});
