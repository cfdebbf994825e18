import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ArticleUrlItem, CopyrightCheckItem, MassSendJobFinishEvent } from '#src/wechat/types.ts';

/**
 * The one parser of what WeChat pushes to the callback URL (events and user messages), used by
 * the callback endpoint, the event handlers and the tests alike. Values stay strings where WeChat
 * sends numbers that may exceed 2^53 (MsgID) or carry meaning in their text; every `item` is a
 * list, whether WeChat sent one or several.
 */
const parser = new XMLParser({
  parseTagValue: false,
  processEntities: true,
  ignoreDeclaration: true,
  isArray: (name) => name === 'item',
});

/** A pushed message's common fields, and all its fields as parsed (nested blocks as objects). */
export interface CallbackFields {
  ToUserName: string;
  FromUserName: string;
  CreateTime: number;
  MsgType: string;
  /** Set for `MsgType` event. */
  Event?: string;
  /** MsgID (MASSSENDJOBFINISH) or MsgId (user messages), as sent. */
  MsgId?: string;
  fields: Record<string, unknown>;
}

export type CallbackMessage =
  | { type: 'MASSSENDJOBFINISH'; common: CallbackFields; event: MassSendJobFinishEvent }
  | { type: 'event'; common: CallbackFields }
  | { type: 'message'; common: CallbackFields };

/** The body is not a pushed message: empty, not XML, or missing fields every push has. */
export class CallbackParseError extends Error {
  override name = 'CallbackParseError';
}

type XmlNode = Record<string, unknown>;
const str = (value: unknown) => (value === undefined || value === null || typeof value === 'object' ? '' : String(value));
const num = (value: unknown) => {
  const n = Number(str(value).trim());
  return Number.isFinite(n) ? n : 0;
};
const node = (value: unknown): XmlNode => (value && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : {});
const items = (list: unknown): XmlNode[] => {
  const found = node(list).item;
  return Array.isArray(found) ? found.map(node) : [];
};

/** The root `<xml>` element's fields; CallbackParseError when the body is not such a document. */
export function parseXmlRoot(xml: string): XmlNode {
  if (!xml.trim()) throw new CallbackParseError('empty body');
  if (XMLValidator.validate(xml) !== true) throw new CallbackParseError('body is not well-formed XML');
  const root = (parser.parse(xml) as { xml?: unknown }).xml;
  if (!root || typeof root !== 'object') throw new CallbackParseError('no <xml> root element');
  return root as XmlNode;
}

/**
 * Parses a plaintext push. Throws CallbackParseError when a field every push carries is missing
 * (ToUserName, FromUserName, a numeric CreateTime, MsgType; Event for events), or when a
 * MASSSENDJOBFINISH lacks its MsgID or counts.
 */
export function parseCallbackXml(xml: string): CallbackMessage {
  return parseCallbackFields(parseXmlRoot(xml));
}

export function parseCallbackFields(root: XmlNode): CallbackMessage {
  const missing = ['ToUserName', 'FromUserName', 'CreateTime', 'MsgType'].filter((name) => !str(root[name]).trim());
  if (missing.length) throw new CallbackParseError(`missing ${missing.join(', ')}`);
  if (!/^\d+$/.test(str(root.CreateTime).trim())) throw new CallbackParseError('CreateTime is not a number');
  const msgType = str(root.MsgType);
  const msgId = str(root.MsgID ?? root.MsgId).trim();
  const common: CallbackFields = {
    ToUserName: str(root.ToUserName),
    FromUserName: str(root.FromUserName),
    CreateTime: num(root.CreateTime),
    MsgType: msgType,
    ...(msgId ? { MsgId: msgId } : {}),
    fields: root,
  };
  if (msgType !== 'event') return { type: 'message', common };
  const event = str(root.Event);
  if (!event) throw new CallbackParseError('event without Event');
  common.Event = event;
  if (event !== 'MASSSENDJOBFINISH') return { type: 'event', common };
  if (!/^\d+$/.test(msgId)) throw new CallbackParseError('MASSSENDJOBFINISH without a numeric MsgID');
  const counts = ['TotalCount', 'FilterCount', 'SentCount', 'ErrorCount'].filter((name) => !/^\d+$/.test(str(root[name]).trim()));
  if (!str(root.Status) || counts.length) throw new CallbackParseError(`MASSSENDJOBFINISH without ${[...(str(root.Status) ? [] : ['Status']), ...counts].join(', ')}`);
  return { type: 'MASSSENDJOBFINISH', common, event: massSendJobFinish(root, msgId) };
}

function massSendJobFinish(root: XmlNode, msgId: string): MassSendJobFinishEvent {
  const copyright = node(root.CopyrightCheckResult);
  const urls = node(root.ArticleUrlResult);
  return {
    ToUserName: str(root.ToUserName),
    FromUserName: str(root.FromUserName),
    CreateTime: num(root.CreateTime),
    MsgType: 'event',
    Event: 'MASSSENDJOBFINISH',
    MsgID: msgId,
    Status: str(root.Status),
    TotalCount: num(root.TotalCount),
    FilterCount: num(root.FilterCount),
    SentCount: num(root.SentCount),
    ErrorCount: num(root.ErrorCount),
    CopyrightCheckResult: {
      Count: num(copyright.Count),
      ResultList: items(copyright.ResultList).map(
        (i): CopyrightCheckItem => ({
          ArticleIdx: num(i.ArticleIdx),
          UserDeclareState: num(i.UserDeclareState),
          AuditState: num(i.AuditState),
          OriginalArticleUrl: str(i.OriginalArticleUrl),
          OriginalArticleType: num(i.OriginalArticleType),
          CanReprint: num(i.CanReprint),
          NeedReplaceContent: num(i.NeedReplaceContent),
          NeedShowReprintSource: num(i.NeedShowReprintSource),
        }),
      ),
      CheckState: num(copyright.CheckState),
    },
    ArticleUrlResult: {
      Count: num(urls.Count),
      ResultList: items(urls.ResultList).map((i): ArticleUrlItem => ({ ArticleIdx: num(i.ArticleIdx), ArticleUrl: str(i.ArticleUrl) })),
    },
  };
}
