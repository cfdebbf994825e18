import { describe, expect, it } from 'vitest';
import { CallbackParseError, parseCallbackXml } from '#src/wechat/callback-message.ts';
import { MASS_SEND_JOB_FINISH_XML } from '../fixtures/mass-send-job-finish.ts';

const item = (idx: number) => `<item><ArticleIdx>${idx}</ArticleIdx><ArticleUrl><![CDATA[u${idx}]]></ArticleUrl></item>`;
const withUrls = (items: string) =>
  MASS_SEND_JOB_FINISH_XML.replace(/<ArticleUrlResult>[\s\S]*<\/ArticleUrlResult>/, `<ArticleUrlResult><Count>2</Count><ResultList>${items}</ResultList></ArticleUrlResult>`);

describe('parseCallbackXml (the one parser of pushed messages)', () => {
  it('types a MASSSENDJOBFINISH, MsgID as its exact text', () => {
    const parsed = parseCallbackXml(MASS_SEND_JOB_FINISH_XML.replace('1000001625', '9007199254740993'));
    expect(parsed.type).toBe('MASSSENDJOBFINISH');
    if (parsed.type !== 'MASSSENDJOBFINISH') return;
    expect(parsed.event).toMatchObject({ MsgID: '9007199254740993', Status: 'send success', TotalCount: 100, FilterCount: 80, SentCount: 75, ErrorCount: 5 });
    expect(parsed.common).toMatchObject({ ToUserName: 'gh_4d00ed8d6399', CreateTime: 1481013459, MsgType: 'event', Event: 'MASSSENDJOBFINISH', MsgId: '9007199254740993' });
  });

  it('gives a list for one ResultList item as for several, in the typed event and in the stored fields', () => {
    const one = parseCallbackXml(withUrls(item(1)));
    const two = parseCallbackXml(withUrls(item(1) + item(2)));
    if (one.type !== 'MASSSENDJOBFINISH' || two.type !== 'MASSSENDJOBFINISH') throw new Error('not typed');
    expect(one.event.ArticleUrlResult.ResultList).toEqual([{ ArticleIdx: 1, ArticleUrl: 'u1' }]);
    expect(two.event.ArticleUrlResult.ResultList).toHaveLength(2);
    expect((one.common.fields.ArticleUrlResult as { ResultList: { item: unknown } }).ResultList.item).toBeInstanceOf(Array);
  });

  it('types other events and user messages by their common fields', () => {
    const subscribe = parseCallbackXml('<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>');
    expect(subscribe).toMatchObject({ type: 'event', common: { Event: 'subscribe', FromUserName: 'o1' } });
    const text = parseCallbackXml('<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>42</MsgId></xml>');
    expect(text).toMatchObject({ type: 'message', common: { MsgType: 'text', MsgId: '42', fields: { Content: 'hi' } } });
  });

  it('refuses what is not a pushed message, saying why', () => {
    const cases: [string, RegExp][] = [
      ['', /empty body/],
      ['not xml', /not well-formed XML/],
      ['<xml><a></xml>', /not well-formed XML/],
      ['<root><MsgType>event</MsgType></root>', /no <xml> root/],
      ['<xml><MsgType>event</MsgType></xml>', /missing ToUserName, FromUserName, CreateTime/],
      ['<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>soon</CreateTime><MsgType>text</MsgType></xml>', /CreateTime is not a number/],
      ['<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType></xml>', /event without Event/],
      [MASS_SEND_JOB_FINISH_XML.replace('<SentCount>75</SentCount>', ''), /without SentCount/],
    ];
    for (const [xml, reason] of cases) {
      expect(() => parseCallbackXml(xml)).toThrow(CallbackParseError);
      expect(() => parseCallbackXml(xml)).toThrow(reason);
    }
  });
});
