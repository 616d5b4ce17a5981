import type { Plugin } from 'graphql-yoga';
import type { GraphiqlPage } from './graphiql-page.js';

/**
 * GET /graphql from a browser (Accept: text/html) answers the GraphiQL page rendered at start-up,
 * with its Content-Security-Policy; any other request goes on to GraphQL. Replaces Yoga's own
 * GraphiQL, whose page loads its scripts from a public CDN.
 */
export function useGraphiql(page: GraphiqlPage): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || !(request.headers.get('accept') ?? '').includes('text/html')) return;
      endResponse(new fetchAPI.Response(page.html, { status: 200, headers: page.headers }));
    },
  };
}
