import { hashChars, hashString, unit } from '#src/wechat-simulator/ids.ts';
import type { DraftArticle } from '#src/wechat-simulator/state.ts';
import type { NewsArticle } from '#src/wechat/types.ts';

const TOPICS = ['春季新品', '会员日', '门店开业', '品牌故事', '用户访谈', '行业观察', '节日礼遇', '产品课堂', '限时福利', '年度回顾'];
const AUTHORS = ['小编', '品牌部', '张三', '李四', '王五'];
const COMMENTS = ['写得真好！', '已转发给朋友', '期待下一期', '请问活动截止到什么时候？', '支持一下 👍', '学到了', '门店地址在哪里？', '第一次留言'];

/** A tiny JPEG (SOI … EOI) served as the bytes of seeded images. */
export const FAKE_JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

/** A permanent article link, as WeChat's short form. */
export function articleUrl(seed: string): string {
  return `http://mp.weixin.qq.com/s/${hashChars(hashString(seed), 11, 22)}`;
}

/** A temporary preview link, as draft/get returns. */
export function tempArticleUrl(seed: string): string {
  return `http://mp.weixin.qq.com/s?__biz=${hashChars(hashString(seed), 3, 14)}==&tempkey=${hashChars(hashString(seed), 5, 40)}#rd`;
}

/** An mmbiz image URL (uploads, thumbs). */
export function imageUrl(seed: string, format: 'jpg' | 'png' = 'jpg'): string {
  return `http://mmbiz.qpic.cn/mmbiz_${format}/${hashChars(hashString(seed), 9, 40)}/0?wx_fmt=${format === 'jpg' ? 'jpeg' : 'png'}`;
}

/** The `index`-th (0-based) article of the `k`-th seeded material of an account. */
export function seededArticle(appId: string, k: number, index: number, thumbMediaId: string, thumbUrl: string): NewsArticle {
  const topic = TOPICS[(k + index) % TOPICS.length]!;
  const title = `${topic} · 第${k + 1}期${index ? `（${index + 1}）` : ''}`;
  return {
    title,
    author: AUTHORS[(k * 3 + index) % AUTHORS.length]!,
    digest: `${topic}：本期为您带来第${k + 1}期精选内容。`,
    content: `<section><h2>${title}</h2><p>这是第${k + 1}期第${index + 1}篇的正文，用于模拟公众号图文素材。</p><img src="${thumbUrl}"/></section>`,
    content_source_url: index % 2 ? `https://example.com/articles/${k + 1}-${index + 1}` : '',
    thumb_media_id: thumbMediaId,
    show_cover_pic: index === 0 ? 1 : 0,
    url: articleUrl(`${appId}:material:${k}:${index}`),
    thumb_url: thumbUrl,
    need_open_comment: 1,
    only_fans_can_comment: 0,
  };
}

/** The `index`-th (0-based) article of the `d`-th seeded draft: a draft/get article with a preview link. */
export function seededDraftArticle(appId: string, mediaId: string, d: number, index: number, thumbMediaId: string, thumbUrl: string): DraftArticle {
  const { show_cover_pic: _cover, ...article } = seededArticle(appId, d, index, thumbMediaId, thumbUrl);
  return { ...article, article_type: 'news', title: `草稿 ${article.title}`, url: tempArticleUrl(`${mediaId}:${index}`) };
}

/** Number of articles in the k-th seeded material: 1..4, deterministic. */
export function seededArticleCount(k: number): number {
  return (k % 4) + 1;
}

/** A deterministic comment text for (msg_data_id, article, n). */
export function commentText(msgDataId: number, index: number, n: number): string {
  return COMMENTS[Math.floor(unit(msgDataId, index, n) * COMMENTS.length)]!;
}
