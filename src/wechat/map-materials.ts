import type { MaterialSource } from '#src/generated/prisma/enums.ts';
import type { DraftGetResponse, NewsArticle } from '#src/wechat/types.ts';

/** An article as wxcast stores it (MaterialArticle without ids; `index` is its position). */
export interface MaterialArticleData {
  title: string;
  author: string;
  digest: string;
  content: string;
  url: string;
  contentSourceUrl: string;
  thumbMediaId: string;
  thumbUrl: string;
  showCoverPic: boolean;
  needOpenComment: boolean;
  onlyFansCanComment: boolean;
}

/** One material read from WeChat, ready to store. */
export interface FetchedMaterial {
  mediaId: string;
  source: MaterialSource;
  /** WeChat's update_time. */
  updatedAt: Date;
  articles: MaterialArticleData[];
}

type WireArticle = Partial<NewsArticle> | DraftGetResponse['news_item'][number];

/**
 * Maps a news-material or draft article. Drafts have no `show_cover_pic` (the draft API dropped
 * it), so they store false; missing strings become '' as the columns' defaults.
 */
export function articleFromWeChat(article: WireArticle): MaterialArticleData {
  return {
    title: article.title ?? '',
    author: article.author ?? '',
    digest: article.digest ?? '',
    content: article.content ?? '',
    url: article.url ?? '',
    contentSourceUrl: article.content_source_url ?? '',
    thumbMediaId: article.thumb_media_id ?? '',
    thumbUrl: article.thumb_url ?? '',
    showCoverPic: 'show_cover_pic' in article && article.show_cover_pic === 1,
    needOpenComment: article.need_open_comment === 1,
    onlyFansCanComment: article.only_fans_can_comment === 1,
  };
}

/** A batchget item (draft/batchget or batchget_material type news). */
export function materialFromWeChat(
  source: MaterialSource,
  item: { media_id: string; update_time: number; content: { news_item: WireArticle[] } },
): FetchedMaterial {
  return {
    mediaId: item.media_id,
    source,
    updatedAt: new Date(item.update_time * 1000),
    articles: item.content.news_item.map(articleFromWeChat),
  };
}
