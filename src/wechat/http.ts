import { stringifyJson } from '#src/wechat/json-text.ts';
import { errorFromEnvelope, errorFromFetchFailure, transportError } from '#src/wechat/errors.ts';

/** One WeChat HTTP request, before the access token is added. */
export interface WeChatRequest {
  method: 'GET' | 'POST';
  /** e.g. `/cgi-bin/message/mass/send`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** JSON body (POST). */
  json?: unknown;
  /** Multipart body, rebuilt for every attempt. */
  form?: () => FormData;
  /** The answer may be a file (material/get_material of image/voice/thumb). */
  binary?: boolean;
}

/** A parsed answer: a JSON object, or file bytes when the request allowed them. */
export type WireAnswer = { kind: 'json'; body: Record<string, unknown> } | { kind: 'file'; contentType: string; data: Uint8Array };

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

function urlOf(baseUrl: string, request: WeChatRequest, accessToken: string | undefined): URL {
  // Concatenated, not resolved: a base with a path prefix (a proxy) keeps its prefix.
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${request.path}`);
  if (accessToken !== undefined) url.searchParams.set('access_token', accessToken);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

/**
 * Sends one attempt of `request` and parses the answer. Throws a transport WeChatApiError
 * (errcode -1) for network failures, timeouts, non-200 statuses and unparseable bodies; a
 * WeChat errcode in the body is returned as is (the call loop decides about it).
 *
 * JSON bodies go out as `JSON.stringify` text (a JsonArrayText in them as its text), which
 * writes non-ASCII characters literally: WeChat rejects `\uXXXX` escapes of Chinese text
 * (40033/47002).
 */
export async function sendOnce(options: TransportOptions, request: WeChatRequest, accessToken?: string): Promise<WireAnswer> {
  const url = urlOf(options.baseUrl, request, accessToken);
  const init: RequestInit = { method: request.method, signal: AbortSignal.timeout(options.timeoutMs) };
  if (request.form) init.body = request.form();
  else if (request.json !== undefined) {
    init.body = stringifyJson(request.json);
    init.headers = { 'content-type': JSON_CONTENT_TYPE };
  }
  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await options.fetch(url, init);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw errorFromFetchFailure(request.path, error, options.timeoutMs);
  }
  if (response.status >= 500) throw transportError(request.path, 'http-5xx', `HTTP ${response.status}`);
  if (response.status !== 200) throw transportError(request.path, 'http-status', `HTTP ${response.status}`);
  const contentType = response.headers.get('content-type') ?? '';
  // Files come with their own content type; errors on those endpoints are still JSON.
  if (request.binary && !/json|text\/plain/i.test(contentType)) return { kind: 'file', contentType, data: bytes };
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw transportError(request.path, 'bad-response', `unparseable answer (${contentType || 'no content type'})`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw transportError(request.path, 'bad-response', 'answer is not a JSON object');
  return { kind: 'json', body: body as Record<string, unknown> };
}

/** The errcode of a JSON answer; a missing errcode means success (token, user/get, datacube…). */
export function errcodeOf(body: Record<string, unknown>): number {
  const errcode = body.errcode;
  if (errcode === undefined || errcode === null) return 0;
  return typeof errcode === 'number' ? errcode : Number(errcode);
}

/** Throws the classified WeChatApiError when a JSON answer carries a non-zero errcode. */
export function assertOk(path: string, body: Record<string, unknown>): void {
  const errcode = errcodeOf(body);
  if (errcode !== 0) throw errorFromEnvelope(path, errcode, typeof body.errmsg === 'string' ? body.errmsg : '');
}
