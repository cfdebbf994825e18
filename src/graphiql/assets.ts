import { createHash } from 'node:crypto';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';

/** Where GraphiQL's static files are served; their names carry a hash of their content. */
export const ASSET_PREFIX = '/graphiql/assets/';

export interface Asset {
  type: string;
  body: Buffer;
}

/** GraphiQL split into a small page (per request) and its large static files (once). */
export interface GraphiQLParts {
  assets: Map<string, Asset>;
  /** The page for these options, loading the assets by their hashed URLs. */
  page(options: GraphiQLOptions): string;
}

const hashOf = (body: Buffer | string) => createHash('sha256').update(body).digest('hex').slice(0, 16);

/**
 * The renderer inlines everything (9 MB: styles, the editor's workers, the app) into one page,
 * so a browser cannot cache any of it and each load fetches it all again. Its page is cut here
 * at the renderer's own markup into a stylesheet, a script and a favicon, served under
 * content-hashed URLs (cacheable for good), and a page of a few hundred bytes that loads them
 * and calls the same render function with this request's options. Should a renderer release
 * change that markup, the page is served whole (still compressed and cacheable) rather than broken.
 */
export function splitGraphiQL(): GraphiQLParts {
  const marker = { title: '__WXCAST_TITLE__', endpoint: '/__wxcast_endpoint__' };
  const html = renderGraphiQL(marker);
  const whole: GraphiQLParts = { assets: new Map(), page: (options) => renderGraphiQL(options) };

  const icon = /<link rel="icon" href="data:([^;]+);base64,([^"]+)" \/>/.exec(html);
  const styleStart = html.indexOf('<style>');
  const styleEnd = html.indexOf('</style>', styleStart);
  const scriptStart = html.indexOf('<script>', styleEnd);
  const renderCall = html.lastIndexOf('YogaGraphiQL.renderYogaGraphiQL(');
  const scriptEnd = html.indexOf('</script>', renderCall);
  if (!icon || styleStart < 0 || styleEnd < 0 || scriptStart < 0 || renderCall < scriptStart || scriptEnd < 0) return whole;

  const assets = new Map<string, Asset>();
  const add = (extension: string, type: string, body: Buffer) => {
    const name = `${hashOf(body)}.${extension}`;
    assets.set(name, { type, body });
    return `${ASSET_PREFIX}${name}`;
  };
  const iconUrl = add('ico', icon[1]!, Buffer.from(icon[2]!, 'base64'));
  const cssUrl = add('css', 'text/css; charset=utf-8', Buffer.from(html.slice(styleStart + '<style>'.length, styleEnd)));
  const jsUrl = add('js', 'text/javascript; charset=utf-8', Buffer.from(html.slice(scriptStart + '<script>'.length, renderCall)));
  const escapeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
  const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    assets,
    page: (options) =>
      [
        '<!doctype html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8" />',
        `<title>${escapeHtml(options.title ?? 'GraphiQL')}</title>`,
        `<link rel="icon" href="${iconUrl}" />`,
        `<link rel="stylesheet" href="${cssUrl}" />`,
        '</head>',
        '<body id="body" class="no-focus-outline">',
        '<noscript>You need to enable JavaScript to run this app.</noscript>',
        '<div id="root"></div>',
        `<script src="${jsUrl}"></script>`,
        `<script>YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${escapeJson(options)});</script>`,
        '</body>',
        '</html>',
        '',
      ].join('\n'),
  };
}
