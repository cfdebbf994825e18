/** A link found in a text message: an `<a>` tag or a bare URL (WeChat links those too). */
export type TextLink =
  | { kind: 'href'; href: string }
  | { kind: 'mini-program'; appId: string; path: string; href: string | null };

const TAG = /<a\b([^>]*)>/gi;
const ATTRIBUTE = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
const BARE_URL = /\bhttps?:\/\/[^\s<>"']+/gi;

function attributesOf(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) attributes.set(match[1]!.toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  return attributes;
}

/**
 * The links of a text message in WeChat's markup: `<a href="…">` and Mini Program links
 * `<a data-miniprogram-appid="…" data-miniprogram-path="…" href="fallback">`, plus bare URLs
 * outside tags.
 */
export function linksOfText(text: string): TextLink[] {
  const links: TextLink[] = [];
  for (const match of text.matchAll(TAG)) {
    const attributes = attributesOf(match[1] ?? '');
    const appId = attributes.get('data-miniprogram-appid');
    if (appId !== undefined) {
      links.push({ kind: 'mini-program', appId, path: attributes.get('data-miniprogram-path') ?? '', href: attributes.get('href') ?? null });
    } else {
      links.push({ kind: 'href', href: attributes.get('href') ?? '' });
    }
  }
  const outsideTags = text.replace(/<a\b[^>]*>/gi, ' ');
  for (const match of outsideTags.matchAll(BARE_URL)) links.push({ kind: 'href', href: match[0] });
  return links;
}

/** Whether a URL is a WeChat article link (mp.weixin.qq.com): the only links mass texts may carry (40066 otherwise). */
export function isWeChatArticleLink(href: string): boolean {
  try {
    const url = new URL(href);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname === 'mp.weixin.qq.com';
  } catch {
    return false;
  }
}
