import { describe, expect, it } from 'vitest';
import { JsonArrayText, stringifyJson } from '#src/wechat/json-text.ts';

describe('stringifyJson', () => {
  it('writes each JsonArrayText as its text, wherever it is', () => {
    const body = { msgtype: 'text', text: { content: '第1批' }, touser: new JsonArrayText('["o1","o2"]', 2), nested: [new JsonArrayText('[3]', 1)] };
    const json = stringifyJson(body);
    expect(JSON.parse(json)).toEqual({ msgtype: 'text', text: { content: '第1批' }, touser: ['o1', 'o2'], nested: [[3]] });
    // Non-ASCII text stays literal, as WeChat wants it.
    expect(json).toContain('第1批');
  });

  it('leaves strings that look like its placeholder alone', () => {
    const lookalike = '\u00000:0';
    expect(JSON.parse(stringifyJson({ a: lookalike, b: new JsonArrayText('[]', 0) }))).toEqual({ a: lookalike, b: [] });
  });

  it('is JSON.stringify when nothing is text already', () => {
    const value = { a: [1, 'x', null], b: { c: true } };
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
  });
});
