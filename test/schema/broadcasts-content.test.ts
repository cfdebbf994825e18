import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { createBroadcastError, createBroadcastOk, gid, readBroadcast } from '../helpers/broadcasts.ts';
import { createAccount } from '../factories/account.ts';
import { createCard, createImage, createMaterial, createMiniProgram } from '../factories/broadcast-content.ts';
import type { BroadcastContentInput } from '../__generated__/graphql.ts';

describe('broadcast content rules', () => {
  const t = useTestApp();
  const prisma = () => t.app.deps.prisma;

  const send = async (accountId: string, content: BroadcastContentInput) =>
    createBroadcastError(t, { accountId: gid('Account', accountId), name: 'Content', firstTask: { audience: 'ALL_FOLLOWERS', content } });
  const sendOk = async (accountId: string, content: BroadcastContentInput) =>
    createBroadcastOk(t, { accountId: gid('Account', accountId), name: 'Content', firstTask: { audience: 'ALL_FOLLOWERS', content } });
  const contentPath = ['input', 'firstTask', 'content'];

  it('takes news only from drafts WeChat still has, never legacy news or removed materials', async () => {
    const account = await createAccount(prisma(), t.workspaceId);
    const legacy = await createMaterial(prisma(), account.id, { source: 'NEWS_MATERIAL' });
    const removed = await createMaterial(prisma(), account.id, { removed: true });
    const draft = await createMaterial(prisma(), account.id);
    const otherAccount = await createAccount(prisma(), t.workspaceId);
    const foreignDraft = await createMaterial(prisma(), otherAccount.id);

    expect(await send(account.id, { kind: 'NEWS', news: { materialId: gid('Material', legacy.id) } }))
      .toMatchObject({ __typename: 'ContentError', problem: 'NOT_A_DRAFT', path: [...contentPath, 'news', 'materialId'] });
    expect(await send(account.id, { kind: 'NEWS', news: { materialId: gid('Material', removed.id) } }))
      .toMatchObject({ __typename: 'ContentError', problem: 'MATERIAL_REMOVED', path: [...contentPath, 'news', 'materialId'] });
    expect(await send(account.id, { kind: 'NEWS', news: { materialId: gid('Material', foreignDraft.id) } }))
      .toMatchObject({ __typename: 'ContentError', problem: 'NOT_FOUND' });
    // An article added from a legacy material is refused at that article.
    expect(await send(account.id, {
      kind: 'NEWS',
      news: { materialId: gid('Material', draft.id), articles: [{ index: 0 }, { materialId: gid('Material', legacy.id), index: 0 }] },
    })).toMatchObject({ __typename: 'ContentError', problem: 'NOT_A_DRAFT', path: [...contentPath, 'news', 'articles', '1', 'materialId'] });
    await sendOk(account.id, { kind: 'NEWS', news: { materialId: gid('Material', draft.id) } });
  });

  it('stores a changed composition: order, an article from another draft, a removed one, another cover', async () => {
    const account = await createAccount(prisma(), t.workspaceId);
    const draft = await createMaterial(prisma(), account.id, { articles: 3 });
    const second = await createMaterial(prisma(), account.id, { articles: 1 });
    const cover = await createImage(prisma(), account.id, 'MATERIAL');
    const articleImage = await createImage(prisma(), account.id, 'ARTICLE_CONTENT');
    const materialId = gid('Material', draft.id);

    expect(await send(account.id, { kind: 'NEWS', news: { materialId, articles: [{ index: 5 }] } }))
      .toMatchObject({ __typename: 'ContentError', problem: 'NO_SUCH_ARTICLE', path: [...contentPath, 'news', 'articles', '0', 'index'] });
    expect(await send(account.id, { kind: 'NEWS', news: { materialId, articles: [{ index: 0, coverImageId: gid('Image', articleImage.id) }] } }))
      .toMatchObject({ __typename: 'ContentError', problem: 'IMAGE_NOT_MATERIAL', path: [...contentPath, 'news', 'articles', '0', 'coverImageId'] });
    expect(await send(account.id, { kind: 'NEWS', news: { materialId, articles: Array.from({ length: 9 }, () => ({ index: 0 })) } }))
      .toMatchObject({ __typename: 'ContentError', problem: 'TOO_MANY_ARTICLES' });

    const created = await sendOk(account.id, {
      kind: 'NEWS',
      news: { materialId, articles: [{ index: 2 }, { materialId: gid('Material', second.id), index: 0 }, { index: 0, coverImageId: gid('Image', cover.id) }] },
    });
    expect((await readBroadcast(t, created.id)).tasks[0]!.content).toEqual({
      kind: 'NEWS', text: null, imageId: null, cardId: null,
      news: {
        materialId, changed: true,
        articles: [
          { materialId, index: 2, coverImageId: null },
          { materialId: gid('Material', second.id), index: 0, coverImageId: null },
          { materialId, index: 0, coverImageId: gid('Image', cover.id) },
        ],
      },
    });
    const unchanged = await sendOk(account.id, { kind: 'NEWS', news: { materialId, articles: [{ index: 0 }, { index: 1 }, { index: 2 }] } });
    expect((await readBroadcast(t, unchanged.id)).tasks[0]!.content?.news?.changed).toBe(false);
    // Dropping the last article keeps the rest in order, and still changes the message.
    const shorter = await sendOk(account.id, { kind: 'NEWS', news: { materialId, articles: [{ index: 0 }, { index: 1 }] } });
    expect((await readBroadcast(t, shorter.id)).tasks[0]!.content?.news?.changed).toBe(true);
  });

  it('accepts text with emoji and WeChat article links; refuses other links and unbound Mini Programs', async () => {
    const account = await createAccount(prisma(), t.workspaceId);
    const bound = await createMiniProgram(prisma(), t.workspaceId);
    const textPath = [...contentPath, 'text'];
    expect(await send(account.id, { kind: 'TEXT', text: '看这里 <a href="https://example.com/a">link</a>' }))
      .toMatchObject({ __typename: 'ContentError', problem: 'LINK_NOT_ALLOWED', path: textPath });
    expect(await send(account.id, { kind: 'TEXT', text: 'bare http://evil.example/x link' }))
      .toMatchObject({ __typename: 'ContentError', problem: 'LINK_NOT_ALLOWED', path: textPath });
    expect(await send(account.id, { kind: 'TEXT', text: '<a href="https://mp.weixin.qq.com.evil.cn/s/x">spoof</a>' }))
      .toMatchObject({ __typename: 'ContentError', problem: 'LINK_NOT_ALLOWED' });
    expect(await send(account.id, { kind: 'TEXT', text: '<a data-miniprogram-appid="wxnotbound00000" data-miniprogram-path="pages/index" href="https://mp.weixin.qq.com/">shop</a>' }))
      .toMatchObject({ __typename: 'ContentError', problem: 'MINI_PROGRAM_NOT_BOUND', path: textPath });
    expect(await send(account.id, { kind: 'TEXT', text: '   ' })).toMatchObject({ __typename: 'ContentError', problem: 'EMPTY' });
    const text = `新品上市 🎉🔥 <a href="https://mp.weixin.qq.com/s/AbCdEf">阅读</a> <a data-miniprogram-appid="${bound.appId}" data-miniprogram-path="pages/index?x=1" href="https://mp.weixin.qq.com/">小程序</a>`;
    const created = await sendOk(account.id, { kind: 'TEXT', text });
    expect((await readBroadcast(t, created.id)).tasks[0]!.content).toMatchObject({ kind: 'TEXT', text });
  });

  it('sends only MATERIAL images of the account and only usable cards', async () => {
    const account = await createAccount(prisma(), t.workspaceId);
    const other = await createAccount(prisma(), t.workspaceId);
    const articleImage = await createImage(prisma(), account.id, 'ARTICLE_CONTENT');
    const foreignImage = await createImage(prisma(), other.id, 'MATERIAL');
    const image = await createImage(prisma(), account.id, 'MATERIAL');
    expect(await send(account.id, { kind: 'IMAGE', imageId: gid('Image', articleImage.id) }))
      .toMatchObject({ __typename: 'ContentError', problem: 'IMAGE_NOT_MATERIAL', path: [...contentPath, 'imageId'] });
    expect(await send(account.id, { kind: 'IMAGE', imageId: gid('Image', foreignImage.id) }))
      .toMatchObject({ __typename: 'ContentError', problem: 'NOT_FOUND', path: [...contentPath, 'imageId'] });
    await sendOk(account.id, { kind: 'IMAGE', imageId: gid('Image', image.id) });

    const pending = await createCard(prisma(), account.id, 'CARD_STATUS_NOT_VERIFY');
    const usable = await createCard(prisma(), account.id, 'CARD_STATUS_DISPATCH');
    expect(await send(account.id, { kind: 'CARD', cardId: gid('Card', pending.id) }))
      .toMatchObject({ __typename: 'ContentError', problem: 'CARD_NOT_USABLE', path: [...contentPath, 'cardId'] });
    await sendOk(account.id, { kind: 'CARD', cardId: gid('Card', usable.id) });
  });

  it('keeps whatever a draft was given and checks it when it is saved for sending', async () => {
    const account = await createAccount(prisma(), t.workspaceId);
    const legacy = await createMaterial(prisma(), account.id, { source: 'NEWS_MATERIAL' });
    const draft = await createBroadcastOk(t, {
      accountId: gid('Account', account.id), name: 'Draft', draft: true,
      firstTask: { audience: 'ALL_FOLLOWERS', content: { kind: 'NEWS', news: { materialId: gid('Material', legacy.id) } } },
    });
    expect(draft.state).toBe('DRAFT');
  });
});
