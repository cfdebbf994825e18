import type http from 'node:http';
import { fail } from '#src/wechat-simulator/errors.ts';

const MAX_BODY_BYTES = 30 * 1024 * 1024;

/** Reads a request body into one Buffer (uploads are capped well above WeChat's 10 MB limits). */
export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) fail(45001, {}, 'media size out of limit');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * True when a JSON text escapes a non-ASCII character as `\uXXXX` (outside of an escaped
 * backslash). WeChat rejects such bodies, so clients must send literal UTF-8; ASCII escapes
 * such as `\u0022` or control characters stay legal.
 */
export function hasUnicodeEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0x5c) continue; // backslash
    const next = text[i + 1];
    if (next === 'u') {
      const code = parseInt(text.slice(i + 2, i + 6), 16);
      if (Number.isFinite(code) && code >= 0x80) return true;
      i += 5;
    } else {
      i += 1; // skip the escaped character (including a second backslash)
    }
  }
  return false;
}

/**
 * Parses a JSON request body the way WeChat's endpoints do: empty → 44002, `\uXXXX` non-ASCII →
 * `unicodeErrcode` (40033 or 47002, per endpoint family), malformed → 47001.
 */
export function parseJsonBody(raw: Buffer, unicodeErrcode: 40033 | 47002): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (!text.trim()) fail(44002);
  if (hasUnicodeEscape(text)) fail(unicodeErrcode);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail(47001);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(47001);
  return value as Record<string, unknown>;
}

/** One uploaded file of a multipart body. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * Parses `multipart/form-data` with the platform's own parser (undici's Response.formData), so
 * no dependency is needed. Returns the files by field name and the plain text fields.
 */
export async function parseMultipart(raw: Buffer, contentType: string | undefined) {
  const files = new Map<string, UploadedFile>();
  const fields = new Map<string, string>();
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) return { files, fields };
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  } catch {
    fail(41005);
  }
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields.set(name, value);
    else files.set(name, { filename: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
  }
  return { files, fields };
}

/** Writes a JSON response with literal UTF-8 (as WeChat does). */
export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Writes raw bytes (material/get_material for image/voice/thumb). */
export function sendBytes(res: http.ServerResponse, contentType: string, data: Buffer): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': data.length });
  res.end(data);
}
