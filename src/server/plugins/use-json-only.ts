import type { Plugin } from 'graphql-yoga';

const JSON_TYPES = new Set(['application/json', 'application/graphql-response+json', 'application/graphql+json']);

/**
 * CONTRACT: a POST with a simple content type (text/plain, a form, multipart) runs nothing, so a
 * cross-site form cannot act for a user: browsers send JSON only after a CORS preflight.
 */
export function useJsonOnly(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (JSON_TYPES.has(mediaType)) return;
      const body = {
        errors: [{ message: 'POST /graphql needs Content-Type: application/json', extensions: { code: 'BAD_REQUEST' } }],
      };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), { status: 415, headers: { 'content-type': 'application/json; charset=utf-8' } }),
      );
    },
  };
}
