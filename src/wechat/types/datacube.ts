// WeChat wire types: article analytics (`/datacube/*`). Field names exactly as on the wire.

/** Body of every `/datacube/*` call (YYYY-MM-DD). */
export interface DatacubeRequest {
  begin_date: string;
  end_date: string;
}

export interface DatacubeResponse<R> {
  list: R[];
}

/** Shared read/share/favourite counters. */
export interface ArticleReadCounters {
  int_page_read_user: number;
  int_page_read_count: number;
  ori_page_read_user: number;
  ori_page_read_count: number;
  share_user: number;
  share_count: number;
  add_to_fav_user: number;
  add_to_fav_count: number;
}

/** `getarticlesummary` row; `msgid` = `<msg_data_id>_<idx>` (idx 1-based). */
export interface ArticleSummaryRow extends ArticleReadCounters {
  ref_date: string;
  msgid: string;
  title: string;
}

/** One cumulative day in `getarticletotal.details`. */
export interface ArticleTotalDetail extends ArticleReadCounters {
  stat_date: string;
  target_user: number;
  int_page_from_session_read_user: number;
  int_page_from_session_read_count: number;
  int_page_from_hist_msg_read_user: number;
  int_page_from_hist_msg_read_count: number;
  int_page_from_feed_read_user: number;
  int_page_from_feed_read_count: number;
  int_page_from_friends_read_user: number;
  int_page_from_friends_read_count: number;
  int_page_from_other_read_user: number;
  int_page_from_other_read_count: number;
  feed_share_from_session_user: number;
  feed_share_from_session_cnt: number;
  feed_share_from_feed_user: number;
  feed_share_from_feed_cnt: number;
  feed_share_from_other_user: number;
  feed_share_from_other_cnt: number;
}

/** `getarticletotal` row (ref_date = send date). */
export interface ArticleTotalRow {
  ref_date: string;
  msgid: string;
  title: string;
  url?: string;
  details: ArticleTotalDetail[];
}

/** `getuserread` row (and `getuserreadhour` with `ref_hour`). */
export interface UserReadRow extends ArticleReadCounters {
  ref_date: string;
  user_source: number;
  ref_hour?: number;
}

/** `getusershare` row (and `getusersharehour` with `ref_hour`). */
export interface UserShareRow {
  ref_date: string;
  share_scene: number;
  share_count: number;
  share_user: number;
  ref_hour?: number;
}
