import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startStack } from '../../support/gateway-stack.js';
import { perTest } from '../../support/per-test.js';

const stackPerTest = perTest(startStack);

interface BodyCase {
  readonly name: string;
  readonly body: string;
  readonly contentType?: string;
  readonly status: number;
  readonly message: string;
  /** text of the body, or of the parser's message about it, that must not come back */
  readonly echo?: string;
}

const CASES: readonly BodyCase[] = [
  { name: 'a malformed JSON body', body: '{"query": "{ me { id } }", bad-secret-x', status: 400, message: 'POST body sent invalid JSON.', echo: 'bad-secret-x' },
  { name: 'an empty body', body: '', status: 400, message: 'POST body sent invalid JSON.', echo: 'end of JSON' },
  { name: 'a JSON string', body: '"{ me { id } }"', status: 400, message: 'POST body must be a JSON object.', echo: 'received' },
  { name: 'a JSON number', body: '42', status: 400, message: 'POST body must be a JSON object.', echo: 'number' },
  { name: 'JSON null', body: 'null', status: 400, message: 'POST body must be a JSON object.', echo: 'received null' },
  { name: 'an empty array', body: '[]', status: 400, message: 'Batching is not supported.' },
  { name: 'an unknown parameter', body: '{"query":"{ me { id } }","secret-param-x":1}', status: 400, message: 'Unexpected parameter in the request body.', echo: 'secret-param-x' },
  { name: 'a query that is not a string', body: '{"query":42}', status: 400, message: 'Invalid "query" parameter.', echo: 'given' },
  { name: 'variables that are not an object', body: '{"query":"{ me { id } }","variables":"x"}', status: 400, message: 'Invalid "variables" parameter.' },
  { name: 'no query', body: '{}', status: 400, message: 'Must provide query string.' },
  { name: 'a latin1 charset', body: '{"query":"{ me { id } }"}', contentType: 'application/json; charset=latin1', status: 415, message: 'POST /graphql needs a UTF-8 body: Content-Type charset must be utf-8' },
  { name: 'a utf-16 charset', body: '{"query":"{ me { id } }"}', contentType: 'application/json;charset="UTF-16"', status: 415, message: 'POST /graphql needs a UTF-8 body: Content-Type charset must be utf-8' },
];

for (const mode of ['development', 'production'] as const) {
  describe(`requests Yoga refuses (${mode})`, () => {
    const started = () => stackPerTest({ env: { NODE_ENV: mode } });

    for (const c of CASES) {
      it(`answers ${c.name} with BAD_REQUEST and a safe message only`, async () => {
        const s = await started();
        const res = await request(`${s.gateway.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': c.contentType ?? 'application/json', accept: 'application/json' },
          body: c.body,
        });
        const text = await res.body.text();
        expect(res.statusCode).toBe(c.status);
        expect(JSON.parse(text)).toEqual({ errors: [{ message: c.message, extensions: { code: 'BAD_REQUEST' } }] });
        if (c.echo !== undefined) expect(text).not.toContain(c.echo);
      });
    }

    it('answers a PUT with 405 BAD_REQUEST', async () => {
      const s = await started();
      const res = await request(`${s.gateway.url}/graphql`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.statusCode).toBe(405);
      expect(await res.body.json()).toEqual({ errors: [{ message: 'GraphQL only supports GET and POST requests.', extensions: { code: 'BAD_REQUEST' } }] });
    });

    it('still runs a JSON body declared as utf-8', async () => {
      const s = await started();
      const res = await request(`${s.gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=UTF-8', accept: 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      expect(await res.body.json()).toEqual({ data: { __typename: 'Query' } });
    });
  });
}
