import type { WeChatCaller } from '#src/wechat/call.ts';
import { errorFromEnvelope } from '#src/wechat/errors.ts';
import type {
  MassDeleteRequest,
  MassGetResponse,
  MassPreviewRequest,
  MassPreviewResponse,
  MassSendAllRequest,
  MassSendRequest,
  MassSendResponse,
  MassSpeedGetResponse,
} from '#src/wechat/types.ts';

/**
 * The outcome of a mass send: a new job, or (45065 "clientmsgid exist") the job an earlier submission with the
 * same clientmsgid already created; WeChat then returns only its msg_id.
 */
export type MassSendResult =
  | { msgId: number; msgDataId?: number; alreadySubmitted: false }
  | { msgId: number; msgDataId?: undefined; alreadySubmitted: true };

/** Mass send (群发) and its management. */
export interface MassApi {
  /**
   * `POST /cgi-bin/message/mass/send` to 2..10,000 openids (service accounts). Give a
   * `clientmsgid` (≤32 ASCII bytes, derived from the batch's identity): only then are transient
   * failures retried, since WeChat dedupes by it. Without one, a failure is thrown at once,
   * because the job may exist anyway. Rate-limited per account.
   */
  massSend(request: MassSendRequest): Promise<MassSendResult>;
  /** `POST /cgi-bin/message/mass/sendall` to a tag or everyone; same rules as massSend. */
  massSendAll(request: MassSendAllRequest): Promise<MassSendResult>;
  /** `POST /cgi-bin/message/mass/preview` to one follower (or WeChat id); never retried. */
  massPreview(request: MassPreviewRequest): Promise<{ msgId: number }>;
  /** `POST /cgi-bin/message/mass/delete` (article_idx 1-based, 0/absent = all). */
  massDelete(request: MassDeleteRequest): Promise<void>;
  /** `POST /cgi-bin/message/mass/get`: the job's status. */
  massGet(msgId: number): Promise<MassGetResponse>;
  /** `POST /cgi-bin/message/mass/speed/get`. */
  getMassSpeed(): Promise<MassSpeedGetResponse>;
  /** `POST /cgi-bin/message/mass/speed/set` (0 fastest .. 4; 45083 otherwise). */
  setMassSpeed(speed: number): Promise<void>;
}

const CLIENTMSGID_EXISTS = 45065;

async function send(caller: WeChatCaller, path: string, request: MassSendRequest | MassSendAllRequest): Promise<MassSendResult> {
  const body = await caller.json<MassSendResponse>({
    method: 'POST',
    path,
    json: request,
    rateLimited: true,
    // Never retry a send blindly: only a keyed send (one with a clientmsgid) may
    // be repeated, because WeChat answers a repeat with 45065 instead of a second job.
    retryTransient: typeof request.clientmsgid === 'string' && request.clientmsgid !== '',
    acceptErrcodes: [CLIENTMSGID_EXISTS],
  });
  if (body.errcode === CLIENTMSGID_EXISTS) {
    // Without the existing msg_id a 45065 is no use as a result: the caller must look into it.
    if (body.msg_id === undefined) throw errorFromEnvelope(path, CLIENTMSGID_EXISTS, String(body.errmsg ?? ''));
    return { msgId: Number(body.msg_id), alreadySubmitted: true };
  }
  return { msgId: Number(body.msg_id), ...(body.msg_data_id !== undefined ? { msgDataId: Number(body.msg_data_id) } : {}), alreadySubmitted: false };
}

/** The mass-send methods over a caller. */
export function massApi(caller: WeChatCaller): MassApi {
  return {
    massSend: (request) => send(caller, '/cgi-bin/message/mass/send', request),
    massSendAll: (request) => send(caller, '/cgi-bin/message/mass/sendall', request),
    massPreview: async (request) => {
      // A preview reaches a person and has no idempotency key: never repeated blindly either.
      const body = await caller.json<MassPreviewResponse>({ method: 'POST', path: '/cgi-bin/message/mass/preview', json: request, retryTransient: false });
      return { msgId: Number(body.msg_id) };
    },
    massDelete: async (request) => {
      await caller.json({ method: 'POST', path: '/cgi-bin/message/mass/delete', json: request });
    },
    massGet: (msgId) => caller.json<MassGetResponse>({ method: 'POST', path: '/cgi-bin/message/mass/get', json: { msg_id: msgId } }),
    getMassSpeed: () => caller.json<MassSpeedGetResponse>({ method: 'POST', path: '/cgi-bin/message/mass/speed/get', json: {} }),
    setMassSpeed: async (speed) => {
      await caller.json({ method: 'POST', path: '/cgi-bin/message/mass/speed/set', json: { speed } });
    },
  };
}
