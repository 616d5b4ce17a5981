import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Where GraphiQL's scripts, styles and workers are served from: the gateway's own origin. */
export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

/** The bundle of Yoga's GraphiQL (`@graphql-yoga/render-graphiql/graphiql`): code and styles as strings. */
export interface GraphiqlBundle {
  readonly js: string;
  readonly css: string;
  /** a `data:` URI */
  readonly favicon: string;
  readonly editorWorkerService: string;
  readonly jsonWorker: string;
  readonly graphqlWorker: string;
}

interface Asset {
  readonly body: Buffer;
  readonly type: string;
}

/** GraphiQL's files, built once at start-up, each named by its content hash so browsers may cache it for good. */
export interface GraphiqlAssets {
  readonly scriptPath: string;
  readonly stylePath: string;
  readonly faviconPath: string;
  /** Answers GET/HEAD of an asset path and returns true; false for any other path. */
  serve(req: IncomingMessage, res: ServerResponse, path: string): boolean;
}

const JS = 'text/javascript; charset=utf-8';

/**
 * Monaco (GraphiQL's editor) asks MonacoEnvironment for each worker's URL: Yoga's own page
 * makes `blob:` URLs of inline code, here they are files of this origin (CSP `worker-src 'self'`).
 * Then the app starts with the options the page carries as inert JSON, so no inline script runs.
 */
const prelude = (workers: Readonly<Record<string, string>>) =>
  `self.MonacoEnvironment={globalAPI:false,getWorkerUrl:function(_id,label){return ${JSON.stringify(workers)}[label];}};\n`;
// Yoga's renderer (5.21) starts the editor from `query` (else the URL's ?query=, else its welcome
// text) and never from `defaultQuery`: the URL's query, when there is one, wins, else the default.
const START = `;
(function(){var o=JSON.parse(document.getElementById('graphiql-options').textContent);
o.query=new URLSearchParams(location.search).get('query')||o.defaultQuery;
YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'),o);})();
`;

export function createGraphiqlAssets(bundle: GraphiqlBundle): GraphiqlAssets {
  const assets = new Map<string, Asset>();
  const add = (name: string, ext: string, type: string, body: Buffer): string => {
    const path = `${GRAPHIQL_ASSET_PREFIX}${name}.${createHash('sha256').update(body).digest('hex').slice(0, 16)}.${ext}`;
    assets.set(path, { body, type });
    return path;
  };
  const workers = {
    editorWorkerService: add('editor.worker', 'js', JS, Buffer.from(bundle.editorWorkerService)),
    json: add('json.worker', 'js', JS, Buffer.from(bundle.jsonWorker)),
    graphql: add('graphql.worker', 'js', JS, Buffer.from(bundle.graphqlWorker)),
  };
  const scriptPath = add('graphiql', 'js', JS, Buffer.from(prelude(workers) + bundle.js + START));
  const stylePath = add('graphiql', 'css', 'text/css; charset=utf-8', Buffer.from(bundle.css));
  const faviconPath = add('favicon', 'ico', 'image/x-icon', dataUriBytes(bundle.favicon));

  return {
    scriptPath,
    stylePath,
    faviconPath,
    serve(req, res, path) {
      const asset = assets.get(path);
      if (asset === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
      res.writeHead(200, {
        'content-type': asset.type,
        'content-length': String(asset.body.length),
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : asset.body);
      return true;
    },
  };
}

/** The bytes of a base64 `data:` URI (the bundle's favicon). */
export function dataUriBytes(uri: string): Buffer {
  const comma = uri.indexOf(',');
  return Buffer.from(uri.slice(comma + 1), 'base64');
}
