import type { GraphiqlAssets } from './graphiql-assets.js';

/** What the page starts GraphiQL with (Yoga's GraphiQL options). */
export interface GraphiqlPageOptions {
  readonly title: string;
  readonly endpoint: string;
  readonly defaultQuery: string;
  /** the header editor's text (JSON) */
  readonly headers?: string;
}

/**
 * Scripts, styles and workers from this origin only; no inline script (the options travel as
 * inert JSON). Monaco writes `<style>` elements and style attributes as it lays out the editor,
 * hence 'unsafe-inline' for styles alone. Images: the favicon and GraphiQL's inline SVG icons.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface GraphiqlPage {
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** The GraphiQL page, rendered once at start-up. */
export function renderGraphiqlPage(assets: GraphiqlAssets, options: GraphiqlPageOptions): GraphiqlPage {
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title)}</title>
    <link rel="icon" href="${assets.faviconPath}" />
    <link rel="stylesheet" href="${assets.stylePath}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
    <script type="application/json" id="graphiql-options">${jsonInHtml(options)}</script>
    <script src="${assets.scriptPath}"></script>
  </body>
</html>
`;
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': GRAPHIQL_CSP,
      // the header editor holds the demo token
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  };
}

/** JSON that cannot end the `<script>` element it sits in, nor open a comment or CDATA. */
function jsonInHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
