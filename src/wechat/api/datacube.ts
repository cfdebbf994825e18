import type { WeChatCaller } from '#src/wechat/call.ts';
import type { ArticleSummaryRow, ArticleTotalRow, DatacubeRequest, DatacubeResponse, UserReadRow, UserShareRow } from '#src/wechat/types.ts';

/**
 * Article analytics (`/datacube/*`). Dates are YYYY-MM-DD (Beijing); end_date ≤ yesterday, spans per
 * endpoint (61501 beyond); a day's data are ready after 08:00 the next day (empty list or 61503).
 */
export interface DatacubeApi {
  /** `POST /datacube/getarticlesummary` (span 1 day). */
  getArticleSummary(range: DatacubeRequest): Promise<ArticleSummaryRow[]>;
  /** `POST /datacube/getarticletotal` (span 1; pass the send date; ≤7 cumulative details). */
  getArticleTotal(range: DatacubeRequest): Promise<ArticleTotalRow[]>;
  /** `POST /datacube/getuserread` (span 3). */
  getUserRead(range: DatacubeRequest): Promise<UserReadRow[]>;
  /** `POST /datacube/getuserreadhour` (span 1). */
  getUserReadHour(range: DatacubeRequest): Promise<UserReadRow[]>;
  /** `POST /datacube/getusershare` (span 7). */
  getUserShare(range: DatacubeRequest): Promise<UserShareRow[]>;
  /** `POST /datacube/getusersharehour` (span 1). */
  getUserShareHour(range: DatacubeRequest): Promise<UserShareRow[]>;
}

/** The datacube methods over a caller. */
export function datacubeApi(caller: WeChatCaller): DatacubeApi {
  const rows =
    <R>(name: string) =>
    async (range: DatacubeRequest): Promise<R[]> =>
      (await caller.json<DatacubeResponse<R>>({ method: 'POST', path: `/datacube/${name}`, json: range })).list ?? [];
  return {
    getArticleSummary: rows<ArticleSummaryRow>('getarticlesummary'),
    getArticleTotal: rows<ArticleTotalRow>('getarticletotal'),
    getUserRead: rows<UserReadRow>('getuserread'),
    getUserReadHour: rows<UserReadRow>('getuserreadhour'),
    getUserShare: rows<UserShareRow>('getusershare'),
    getUserShareHour: rows<UserShareRow>('getusersharehour'),
  };
}
