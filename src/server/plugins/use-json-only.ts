import type { Plugin } from 'graphql-yoga';

const JSON_TYPES = new Set(['application/json', 'application/graphql-response+json', 'application/graphql+json']);
const UTF8 = new Set(['utf-8', 'utf8']);
/** What clients send nearly always: accepted without taking the header apart. */
export const COMMON_JSON = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

/**
 * CONTRACT: a POST with a simple content type (text/plain, a form, multipart) runs nothing, so a
 * cross-site form cannot act for a user: browsers send JSON only after a CORS preflight. A JSON
 * body is read as UTF-8 (GraphQL over HTTP), so a declared charset other than utf-8 is refused
 * too rather than misread.
 */
export function useJsonOnly(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const contentType = request.headers.get('content-type') ?? '';
      if (COMMON_JSON.has(contentType)) return;
      const [mediaType = '', ...parameters] = contentType.split(';');
      const message = !JSON_TYPES.has(mediaType.trim().toLowerCase())
        ? 'POST /graphql needs Content-Type: application/json'
        : parameters.length > 0 && !isUtf8(parameters)
          ? 'POST /graphql needs a UTF-8 body: Content-Type charset must be utf-8'
          : undefined;
      if (message === undefined) return;
      const body = { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), { status: 415, headers: { 'content-type': 'application/json; charset=utf-8' } }),
      );
    },
  };
}

/** Whether the charset parameter, when there is one, names UTF-8 (`charset="UTF-8"` included). */
export function isUtf8(parameters: readonly string[]): boolean {
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=', 2);
    if (name.trim().toLowerCase() !== 'charset') continue;
    return UTF8.has(value.trim().replace(/^"(.*)"$/, '$1').toLowerCase());
  }
  return true;
}
