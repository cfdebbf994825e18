import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { print, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../__generated__/gql.ts';
import { createTestDatabase } from '../helpers/database.ts';
import { bindSimAccount, createTestKey, startTestApp } from '../helpers/app.ts';
import { gql, postGraphQL } from '../helpers/graphql.ts';
import { MAX_MULTIPART_BYTES, MAX_UPLOAD_FILE_BYTES } from '#src/server.ts';
import { BMP, GIF, JPG, PNG as PNG_16, WEBP, jpegOfSize } from '../fixtures/images.ts';

const UploadImage = graphql(`
  mutation UploadImage($accountId: ID!, $file: File!, $purpose: ImagePurpose!) {
    uploadImage(accountId: $accountId, file: $file, purpose: $purpose) {
      __typename
      ... on UploadImageSuccess { data { id purpose mediaId url filename contentType size createdAt account { id } } }
      ... on ValidationError { issues { path message } }
      ... on NotFoundError { entity id }
      ... on WeChatError { errcode errmsg }
    }
  }
`);
const Images = graphql(`
  query Images($accountId: ID!, $first: Int, $after: String) {
    images(accountId: $accountId, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id purpose filename } }
    }
  }
`);

const MB = 1024 * 1024;
/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
/** A real JPEG padded to `size` bytes. */
const jpeg = (size = 2048) => jpegOfSize(size);

interface Part {
  bytes: Uint8Array;
  filename: string;
  type: string;
}

/** One uploadImage request as a GraphQL multipart request (binary file part) over real HTTP. */
async function upload<TData, TVars>(baseUrl: string, apiKey: string, document: TypedDocumentNode<TData, TVars>, variables: Omit<TVars, 'file'>, file: Part) {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: print(document), variables: { ...variables, file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.filename);
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}` }, body: form });
  return { status: response.status, body: (await response.json()) as ExecutionResult<TData> };
}

describe('images', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  let key: string;
  let workspaceId: string;
  let accountId: string;
  let rowAccountId: string;
  let appId: string;

  const uploadOk = async (bytes: Uint8Array, filename: string, type: string, purpose: 'MATERIAL' | 'ARTICLE_CONTENT') => {
    const { status, body } = await upload(app.url, key, UploadImage, { accountId, purpose }, { bytes, filename, type });
    expect(status).toBe(200);
    const result = body.data!.uploadImage;
    if (result.__typename !== 'UploadImageSuccess') throw new Error(JSON.stringify(body));
    return result.data;
  };
  const uploadCalls = () => {
    const calls = app.sim!.stats().accounts[appId]?.calls ?? {};
    return { material: calls['/cgi-bin/material/add_material'] ?? 0, content: calls['/cgi-bin/media/uploadimg'] ?? 0 };
  };
  const imageRows = () => app.deps.prisma.image.count({ where: { accountId: rowAccountId } });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ databaseUrl: db.url });
    ({ key, workspaceId } = await createTestKey(app));
    const account = await bindSimAccount(app, workspaceId);
    rowAccountId = account.id;
    appId = account.appId;
    accountId = encodeGlobalID('Account', account.id);
  });
  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('uploads a PNG as a permanent image material: media_id and URL, the bytes reached WeChat', async () => {
    const image = await uploadOk(PNG, 'banner.png', 'image/png', 'MATERIAL');
    expect(image).toMatchObject({ purpose: 'MATERIAL', filename: 'banner.png', contentType: 'image/png', size: PNG.length, account: { id: accountId } });
    expect(image.mediaId).toEqual(expect.any(String));
    expect(image.url).toMatch(/^https?:\/\//);
    const stored = app.sim!.state.account(appId)!.files.get(image.mediaId!);
    expect(stored).toMatchObject({ type: 'image', name: 'banner.png', url: image.url });
    expect(Buffer.from(stored!.data).equals(PNG)).toBe(true);
    const row = await app.deps.prisma.image.findFirstOrThrow({ where: { mediaId: image.mediaId } });
    expect(row).toMatchObject({ accountId: rowAccountId, url: image.url, filename: 'banner.png', contentType: 'image/png', size: PNG.length });
  });

  it('uploads a JPEG for article content through media/uploadimg: a URL, no media_id', async () => {
    const before = uploadCalls();
    const bytes = jpeg(4096);
    const image = await uploadOk(bytes, 'inline.jpeg', 'image/jpeg', 'ARTICLE_CONTENT');
    expect(image).toMatchObject({ purpose: 'ARTICLE_CONTENT', mediaId: null, contentType: 'image/jpeg', size: 4096 });
    expect(image.url).toMatch(/^https?:\/\//);
    expect(uploadCalls()).toEqual({ material: before.material, content: before.content + 1 });
  });

  it('judges the type by content: a JPEG named .png goes to WeChat as .jpg; a GIF is a valid material', async () => {
    const image = await uploadOk(jpeg(), 'photo.png', 'image/png', 'MATERIAL');
    expect(image).toMatchObject({ filename: 'photo.png', contentType: 'image/jpeg' });
    expect(app.sim!.state.account(appId)!.files.get(image.mediaId!)).toMatchObject({ name: 'photo.jpg' });
    const gif = await uploadOk(GIF, 'anim.gif', 'image/gif', 'MATERIAL');
    expect(gif).toMatchObject({ contentType: 'image/gif', purpose: 'MATERIAL' });
  });

  it('refuses files WeChat would refuse before calling it, on the file argument, storing nothing', async () => {
    const before = { calls: uploadCalls(), rows: await imageRows() };
    const refused = async (bytes: Uint8Array, filename: string, type: string, purpose: 'MATERIAL' | 'ARTICLE_CONTENT') => {
      const { status, body } = await upload(app.url, key, UploadImage, { accountId, purpose }, { bytes, filename, type });
      expect(status).toBe(200);
      expect(body.data?.uploadImage).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['file'] }] });
      return (body.data!.uploadImage as { issues: { message: string }[] }).issues[0]!.message;
    };
    expect(await refused(Buffer.from('just some text, not a picture\n'), 'fake.png', 'image/png', 'MATERIAL')).toMatch(/not an image/);
    expect(await refused(Buffer.alloc(0), 'empty.png', 'image/png', 'MATERIAL')).toMatch(/empty/);
    expect(await refused(GIF, 'anim.gif', 'image/gif', 'ARTICLE_CONTENT')).toMatch(/GIF.*jpg, png/);
    expect(await refused(jpeg(MB + 1), 'big.jpg', 'image/jpeg', 'ARTICLE_CONTENT')).toMatch(/at most 1 MB/);
    expect(await refused(jpeg(10 * MB + 1), 'huge.jpg', 'image/jpeg', 'MATERIAL')).toMatch(/at most 10 MB/);
    expect(uploadCalls()).toEqual(before.calls);
    expect(await imageRows()).toBe(before.rows);
  });

  it('refuses a truncated or damaged image and a type WeChat does not take, sending nothing to WeChat', async () => {
    const before = { calls: uploadCalls(), rows: await imageRows() };
    const refused = async (bytes: Uint8Array, filename: string) => {
      const { status, body } = await upload(app.url, key, UploadImage, { accountId, purpose: 'MATERIAL' }, { bytes, filename, type: 'image/png' });
      expect(status).toBe(200);
      expect(body.data?.uploadImage).toMatchObject({ __typename: 'ValidationError', issues: [{ path: ['file'] }] });
      return (body.data!.uploadImage as { issues: { message: string }[] }).issues[0]!.message;
    };
    // The signature and the start of IHDR only: 16 bytes that look like a PNG.
    expect(await refused(PNG_16.subarray(0, 16), 'header-only.png')).toMatch(/not a whole PNG image: its header is incomplete/);
    expect(await refused(PNG_16.subarray(0, PNG_16.length - 20), 'cut.png')).toMatch(/not a whole PNG image: .*truncated/);
    expect(await refused(JPG.subarray(0, JPG.length - 2), 'cut.jpg')).toMatch(/not a whole JPG image: .*truncated/);
    expect(await refused(GIF.subarray(0, 200), 'cut.gif')).toMatch(/not a whole GIF image/);
    expect(await refused(BMP.subarray(0, 600), 'cut.bmp')).toMatch(/not a whole BMP image/);
    expect(await refused(WEBP, 'photo.webp')).toMatch(/not an image WeChat accepts \(its content is not jpg, png, gif, bmp but WEBP\)/);
    // WeChat heard nothing (its request log per API is unchanged) and nothing was stored.
    expect(uploadCalls()).toEqual(before.calls);
    expect(await imageRows()).toBe(before.rows);
    // The same files whole go through.
    for (const [file, name] of [[PNG_16, 'whole.png'], [JPG, 'whole.jpg'], [GIF, 'whole.gif'], [BMP, 'whole.bmp']] as const) {
      expect((await uploadOk(file, name, 'application/octet-stream', 'MATERIAL')).size).toBe(file.length);
    }
  });

  it('accepts images exactly at the limit', async () => {
    expect((await uploadOk(jpeg(MB), 'edge.jpg', 'image/jpeg', 'ARTICLE_CONTENT')).size).toBe(MB);
  });

  it('refuses a request body over the upload cap before reading it, storing nothing', async () => {
    const before = { calls: uploadCalls(), rows: await imageRows() };
    const { status, body } = await upload(app.url, key, UploadImage, { accountId, purpose: 'MATERIAL' }, {
      bytes: jpeg(MAX_MULTIPART_BYTES + 16),
      filename: 'way-too-big.jpg',
      type: 'image/jpeg',
    });
    expect(status).toBe(413);
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/at most \d+ bytes/), extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } });
    expect(uploadCalls()).toEqual(before.calls);
    expect(await imageRows()).toBe(before.rows);
  });

  it('refuses a file over the per-file cap inside a body under the request cap', async () => {
    const before = { calls: uploadCalls(), rows: await imageRows() };
    const { status, body } = await upload(app.url, key, UploadImage, { accountId, purpose: 'MATERIAL' }, {
      bytes: jpeg(MAX_UPLOAD_FILE_BYTES + 1),
      filename: 'big.jpg',
      type: 'image/jpeg',
    });
    expect(status).toBe(413);
    expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/File size limit exceeded/), extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } });
    expect(uploadCalls()).toEqual(before.calls);
    expect(await imageRows()).toBe(before.rows);
  });

  it('refuses a multipart body without a Content-Length (the cap could not hold)', async () => {
    const bytes = new TextEncoder().encode('--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{}\r\n--x--\r\n');
    const stream = new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) });
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'multipart/form-data; boundary=x' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(411);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'LENGTH_REQUIRED' } }] });
  });

  it('answers NotFoundError for another workspace\'s account or a malformed id, sending nothing', async () => {
    const before = uploadCalls();
    const other = await createTestKey(app);
    const foreign = await bindSimAccount(app, other.workspaceId);
    for (const id of [encodeGlobalID('Account', foreign.id), 'not-an-id', encodeGlobalID('Campaign', rowAccountId)]) {
      const { body } = await upload(app.url, key, UploadImage, { accountId: id, purpose: 'MATERIAL' }, { bytes: PNG, filename: 'a.png', type: 'image/png' });
      expect(body.data?.uploadImage).toMatchObject({ __typename: 'NotFoundError', entity: 'Account' });
    }
    expect(uploadCalls()).toEqual(before);
    expect(app.sim!.stats().accounts[foreign.appId]?.calls['/cgi-bin/material/add_material'] ?? 0).toBe(0);
  });

  it('reports WeChat refusing the upload as WeChatError and stores nothing', async () => {
    const rows = await imageRows();
    const fault = app.sim!.addFault({ path: '/cgi-bin/material/add_material', appid: appId, errcode: 45001, errmsg: 'media size out of limit', count: 1 });
    const { body } = await upload(app.url, key, UploadImage, { accountId, purpose: 'MATERIAL' }, { bytes: PNG, filename: 'a.png', type: 'image/png' });
    expect(body.data?.uploadImage).toMatchObject({ __typename: 'WeChatError', errcode: 45001 });
    expect(await imageRows()).toBe(rows);
    app.sim!.removeFault(fault.id);
  });

  it('lists an account\'s images newest first with totalCount and cursors', async () => {
    const { key: otherKey, workspaceId: otherWs } = await createTestKey(app);
    const account = await bindSimAccount(app, otherWs);
    const id = encodeGlobalID('Account', account.id);
    const names: string[] = [];
    for (const name of ['one.png', 'two.png', 'three.png']) {
      const { body } = await upload(app.url, otherKey, UploadImage, { accountId: id, purpose: 'MATERIAL' }, { bytes: PNG, filename: name, type: 'image/png' });
      expect(body.data?.uploadImage.__typename).toBe('UploadImageSuccess');
      names.push(name);
    }
    const first = await gql(app.url, otherKey, Images, { accountId: id, first: 2 });
    expect(first.images.totalCount).toBe(3);
    expect(first.images.edges.map((e) => e.node.filename)).toEqual(['three.png', 'two.png']);
    expect(first.images.pageInfo.hasNextPage).toBe(true);
    const rest = await gql(app.url, otherKey, Images, { accountId: id, first: 2, after: first.images.pageInfo.endCursor });
    expect(rest.images.edges.map((e) => e.node.filename)).toEqual(['one.png']);
    // Another workspace's account is not found, not an empty list.
    const foreign = await postGraphQL(app.url, Images, { accountId, first: 2 }, otherKey);
    expect(foreign.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});
