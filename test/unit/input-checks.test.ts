import { buildSchema as parseSdl } from 'graphql';
import { describe, expect, it } from 'vitest';
import { argumentIssues } from '#schema/plugins/input-checks.ts';

const schema = parseSdl(`
  input Filter { name: String, tags: [String!], nested: Filter }
  type Query {
    items(first: Int, last: Int, after: String, before: String, filter: Filter): [String]
    plain(first: Int): String
  }
`);
const argsOf = (field: string) => schema.getQueryType()!.getFields()[field]!.args;
const cursor = (text: string) => Buffer.from(text).toString('base64');
const UUID = '0b5e5a2e-8f0a-4c39-9d1e-2b7c1a7d9c11';

describe('argumentIssues', () => {
  it('finds NUL characters at any depth of an input, by path', () => {
    const issues = argumentIssues(argsOf('items'), { filter: { name: 'ok', tags: ['a', 'b\u0000'], nested: { name: '\u0000' } } });
    expect(issues.map((issue) => issue.path)).toEqual([['filter', 'tags', '1'], ['filter', 'nested', 'name']]);
  });

  it('accepts a page forward or backward with cursors the list hands out', () => {
    expect(argumentIssues(argsOf('items'), { first: 0, after: cursor(`GPC:S:${UUID}`) })).toEqual([]);
    expect(argumentIssues(argsOf('items'), { last: 100, before: cursor(`GPC:S:${UUID}`) })).toEqual([]);
  });

  it('checks uuid cursors in full, opaque ones only for their framing', () => {
    const dated = cursor('GPC:D:1700000000000');
    expect(argumentIssues(argsOf('items'), { after: dated }).map((issue) => issue.path)).toEqual([['after']]);
    expect(argumentIssues(argsOf('items'), { after: dated }, 'opaque')).toEqual([]);
    expect(argumentIssues(argsOf('items'), { after: 'garbage' }, 'opaque').map((issue) => issue.path)).toEqual([['after']]);
  });

  it('applies paging rules only to fields with all four connection arguments', () => {
    expect(argumentIssues(argsOf('plain'), { first: -1 })).toEqual([]);
    expect(argumentIssues(argsOf('items'), { first: -1, last: 101 }).map((issue) => issue.path)).toEqual([['first'], ['last'], ['last']]);
  });
});
