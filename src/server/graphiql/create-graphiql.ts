import { createGraphiqlAssets, type GraphiqlAssets } from './graphiql-assets.js';
import { renderGraphiqlPage, type GraphiqlPage } from './graphiql-page.js';

export interface Graphiql {
  readonly assets: GraphiqlAssets;
  readonly page: GraphiqlPage;
}

/**
 * Development's GraphiQL from Yoga's bundled renderer, nothing from a CDN: loaded (9 MB of code)
 * only when asked for, i.e. never in production. The demo token goes into the header editor.
 */
export async function createGraphiql(options: { endpoint: string; defaultQuery: string; demoToken: string | undefined }): Promise<Graphiql> {
  const bundle = await import('@graphql-yoga/render-graphiql/graphiql');
  const assets = createGraphiqlAssets(bundle);
  const page = renderGraphiqlPage(assets, {
    title: 'Gateway GraphiQL',
    endpoint: options.endpoint,
    defaultQuery: options.defaultQuery,
    ...(options.demoToken === undefined ? {} : { headers: JSON.stringify({ Authorization: `Bearer ${options.demoToken}` }, null, 2) }),
  });
  return { assets, page };
}
