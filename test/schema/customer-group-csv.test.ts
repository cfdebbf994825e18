import { encodeGlobalID } from '@pothos/plugin-relay';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { useTestApp } from '../helpers/app.ts';
import { gql } from '../helpers/graphql.ts';
import { postMultipart } from '../helpers/multipart.ts';
import { createAccount } from '../factories/account.ts';
import { createFollowers, type FollowerRow } from '../factories/follower.ts';

const CreateGroup = graphql(`
  mutation CsvCreateGroup($input: CreateCustomerGroupInput!) {
    createCustomerGroup(input: $input) { __typename ... on CreateCustomerGroupSuccess { data { id } } }
  }
`);
const Import = graphql(`
  mutation CsvImportMembers($input: AddCustomerGroupMembersInput!) {
    addCustomerGroupMembers(input: $input) {
      __typename
      ... on AddCustomerGroupMembersSuccess { data { received added alreadyMembers unknown unknownCount group { memberCount } } }
      ... on ValidationError { issues { path message } }
    }
  }
`);

/** UTF-16 with a byte order mark, as Excel's "Unicode text" export writes it (LE) or other tools (BE). */
function utf16(text: string, endian: 'le' | 'be'): Uint8Array<ArrayBuffer> {
  const body = Buffer.from(text, 'utf16le');
  if (endian === 'be') body.swap16();
  return new Uint8Array(Buffer.concat([Buffer.from(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]));
}

describe('customer group CSV import', () => {
  const t = useTestApp();
  let accountId: string;
  let followers: FollowerRow[];

  beforeAll(async () => {
    const account = await createAccount(t.app.deps.prisma, t.workspaceId);
    accountId = encodeGlobalID('Account', account.id);
    followers = await createFollowers(t.app.deps.prisma, { workspaceId: t.workspaceId, accountId: account.id, count: 3000 });
  });

  const newGroup = async () => {
    const created = await gql(t.app.url, t.key, CreateGroup, { input: { name: `CSV ${Math.random().toString(36).slice(2)}` } });
    if (created.createCustomerGroup.__typename !== 'CreateCustomerGroupSuccess') throw new Error(created.createCustomerGroup.__typename);
    return created.createCustomerGroup.data.id;
  };
  const upload = async (groupId: string, content: string | Uint8Array<ArrayBuffer>, filename = 'members.csv') => {
    const { status, body } = await postMultipart(t.app.url, t.key, Import, { input: { groupId, csv: null, csvAccountId: accountId } }, [
      { path: 'input.csv', content, filename },
    ]);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    return body.data!.addCustomerGroupMembers;
  };
  const memberCount = () => t.app.deps.prisma.customerGroupMember.count();

  it('reads UTF-8 with and without a byte order mark and UTF-16 LE and BE with one', async () => {
    const known = followers.slice(0, 4);
    // Excel's "Unicode text": tab-separated, a header, CRLF, non-ASCII names.
    const table = ['openid\t姓名', ...known.map((f, i) => `${f.openid}\t客户${i}`), 'o-未知\t无名'].join('\r\n');
    const files: [string, string | Uint8Array<ArrayBuffer>][] = [
      ['utf-8', table],
      ['utf-8 with BOM', `\uFEFF${table}`],
      ['utf-16 LE', utf16(table, 'le')],
      ['utf-16 BE', utf16(table, 'be')],
    ];
    for (const [encoding, content] of files) {
      const result = await upload(await newGroup(), content, 'members.txt');
      expect(result, encoding).toMatchObject({
        __typename: 'AddCustomerGroupMembersSuccess',
        data: { received: 5, added: 4, alreadyMembers: 0, unknown: ['o-未知'], unknownCount: 1, group: { memberCount: 4 } },
      });
    }
  });

  it('refuses NUL bytes and undecodable bytes as a ValidationError on the file, writing nothing', async () => {
    const groupId = await newGroup();
    const before = await memberCount();
    const valid = followers.slice(10, 12).map((f) => f.openid).join('\n');
    const bad: [string, string | Uint8Array<ArrayBuffer>, RegExp][] = [
      ['a NUL byte', `${valid}\no-x\0y\n`, /NUL character on line 3/],
      ['UTF-16 without a byte order mark', new Uint8Array(Buffer.from(valid, 'utf16le')), /NUL character/],
      ['a byte that is not UTF-8', new Uint8Array(Buffer.concat([Buffer.from(`${valid}\n`), Buffer.from([0x6f, 0xff, 0xfe, 0x0a])])), /not valid UTF-8/],
      ['UTF-16 cut in the middle of a character', utf16(valid, 'le').slice(0, -1), /not valid UTF-16LE/],
    ];
    for (const [what, content, message] of bad) {
      const result = await upload(groupId, content);
      expect(result, what).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['input', 'csv'], message: expect.stringMatching(message) }] });
    }
    expect(await memberCount()).toBe(before);
  });

  it('counts every row once, whatever it starts with and however its lines end', async () => {
    const ids = followers.slice(20, 27).map((f) => f.openid);
    // Mixed CRLF, LF and CR line endings must not merge rows; rows starting with a separator are
    // rows too (without an id they are unknown, reported as given); a row of separators is blank.
    const content = `${ids[0]}\r\n${ids[1]}\n${ids[2]}\r${ids[3]}\r\n\n${ids[4]}\n;${ids[5]}\r\n,o-stray\n,,\r\n"${ids[6]}"\n${ids[0]}\n`;
    const result = await upload(await newGroup(), content);
    expect(result).toMatchObject({
      __typename: 'AddCustomerGroupMembersSuccess',
      data: { received: 9, added: 6, alreadyMembers: 1, unknown: [`;${ids[5]}`, ',o-stray'], unknownCount: 2, group: { memberCount: 6 } },
    });
    // Each row's fate adds up: nothing vanished.
    if (result.__typename !== 'AddCustomerGroupMembersSuccess') return;
    expect(result.data.added + result.data.alreadyMembers + result.data.unknownCount).toBe(result.data.received);
  });

  it('survives its import connections being terminated (a restarted server) and imports again', async () => {
    const first = await upload(await newGroup(), followers[0]!.openid);
    expect(first.__typename).toBe('AddCustomerGroupMembersSuccess');
    // The import pool now holds an idle connection; end every session but ours, as a restart would.
    const [ended] = await t.app.deps.prisma.$queryRawUnsafe<{ count: number }[]>(
      'SELECT count(pg_terminate_backend(pid))::int AS count FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    expect(ended!.count).toBeGreaterThan(0);
    // An unheard 'error' event of a pool's idle connection would surface as an uncaught exception failing the run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const again = await upload(await newGroup(), followers[1]!.openid);
    expect(again).toMatchObject({ __typename: 'AddCustomerGroupMembersSuccess', data: { added: 1 } });
  });

  it('imports a 20 MB file of about 700,000 rows with exact counts', async () => {
    const groupId = await newGroup();
    // Members already: followers 0–499, added through the API first.
    const first = await upload(groupId, followers.slice(0, 500).map((f) => f.openid).join('\n'));
    expect(first).toMatchObject({ data: { added: 500 } });
    // Rows: every follower once (2,500 new, 500 already members), then unknown openids, with a
    // known openid repeated every 1,000 rows; LF and CRLF alternate.
    const lines: string[] = ['openid', ...followers.map((f) => f.openid)];
    let repeats = 0;
    for (let i = 0; lines.length < 690_000; i += 1) {
      if (i % 1000 === 999) {
        lines.push(followers[i % followers.length]!.openid);
        repeats += 1;
      } else {
        lines.push(`o-unknown-${String(i).padStart(18, '0')}`);
      }
    }
    const content = lines.map((line, i) => (i % 2 ? `${line}\r\n` : `${line}\n`)).join('');
    expect(Buffer.byteLength(content)).toBeGreaterThan(19 * 1024 * 1024);
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(20 * 1024 * 1024);
    const rows = lines.length - 1;
    const unknownCount = rows - followers.length - repeats;
    const result = await upload(groupId, content);
    expect(result).toMatchObject({
      __typename: 'AddCustomerGroupMembersSuccess',
      data: { received: rows, added: 2500, alreadyMembers: 500 + repeats, unknownCount, group: { memberCount: 3000 } },
    });
    if (result.__typename !== 'AddCustomerGroupMembersSuccess') return;
    expect(result.data.unknown).toHaveLength(1000);
    expect(result.data.unknown[0]).toBe('o-unknown-000000000000000000');
  }, 180_000);
});
