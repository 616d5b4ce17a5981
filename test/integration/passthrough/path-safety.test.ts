import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest, type RawResponse } from '../../support/raw-http.js';
import { startPassthroughStack, type PassthroughStack } from './harness.js';

type Expectation =
  /** reaches the upstream with exactly this request target, which stays under its collection */
  | { readonly forwarded: string }
  /** refused with one of these statuses; the upstream receives nothing */
  | { readonly refused: readonly number[] };

interface Attempt {
  readonly name: string;
  /** the request target, written to the socket byte for byte */
  readonly target: string;
  readonly method?: string;
  readonly host?: string;
  /** extra header lines and body, e.g. for request smuggling */
  readonly extra?: string;
  readonly expect: Expectation;
}

const REFUSED = { refused: [400, 404] } as const;

const ATTEMPTS: readonly Attempt[] = [
  { name: 'dot-dot segment into another collection', target: '/api/users/../orders/o1', expect: REFUSED },
  { name: 'encoded dot-dot (lower case)', target: '/api/users/%2e%2e/orders', expect: REFUSED },
  { name: 'encoded dot-dot and slash (upper case)', target: '/api/users/%2E%2E%2Fcarts', expect: REFUSED },
  { name: 'dot-dot with encoded slashes', target: '/api/users/..%2f..%2fadmin', expect: REFUSED },
  { name: 'double-encoded dot-dot', target: '/api/users/%252e%252e/x', expect: REFUSED },
  { name: 'dot-dot with encoded backslashes', target: '/api/users/..%5c..%5cx', expect: REFUSED },
  { name: 'half-encoded dot-dot', target: '/api/users/.%2e/x', expect: REFUSED },
  { name: 'single encoded dot segment', target: '/api/users/%2e/u1', expect: REFUSED },
  { name: 'raw backslashes', target: '/api/users\\..\\x', expect: REFUSED },
  { name: 'dot segment', target: '/api/users/u1/./x', expect: REFUSED },
  { name: 'empty segment', target: '/api/users//u1', expect: REFUSED },
  { name: 'empty segment before the collection', target: '/api//users/u1', expect: REFUSED },
  { name: 'encoded NUL', target: '/api/users/%00', expect: REFUSED },
  { name: 'overlong UTF-8 dots (%C0%AE)', target: '/api/users/%C0%AE%C0%AE/carts', expect: REFUSED },
  { name: 'collection name prefix', target: '/api/usersX/1', expect: REFUSED },
  { name: 'encoded slash right after the collection', target: '/api/users%2f..%2fcarts/u2', expect: REFUSED },
  { name: 'upper-case prefix', target: '/API/users/u1', expect: REFUSED },
  { name: 'dot-dots climbing out of the collection', target: '/api/users/u1/../../carts/u2', expect: REFUSED },
  { name: 'encoded slashes climbing out', target: '/api/users/u1%2F..%2F..%2Fcarts', expect: REFUSED },
  { name: 'raw fragment in the path', target: '/api/users/u1#frag', expect: REFUSED },
  { name: 'raw fragment after the query', target: '/api/users/u1?a=1#/../../carts', expect: REFUSED },
  { name: 'absolute-form to another host', target: 'http://evil.example/api/users/u1', expect: REFUSED },
  { name: 'asterisk-form', target: '*', method: 'OPTIONS', expect: REFUSED },
  { name: 'raw non-ASCII byte in a segment', target: '/api/users/\u00fc', expect: REFUSED },
  { name: 'encoded fragment kept as data', target: '/api/users/u1%23frag', expect: { forwarded: '/users/u1%23frag' } },
  { name: 'encoded CR LF kept encoded (no header injection)', target: '/api/users/u1%0d%0aX-Injected:%201', expect: { forwarded: '/users/u1%0d%0aX-Injected:%201' } },
  { name: 'Tomcat-style "..;" path parameter', target: '/api/users/..;/carts/u2', expect: REFUSED },
  { name: 'Tomcat-style "..;x=1" path parameter', target: '/api/users/u1/..;x=1/..;/carts', expect: REFUSED },
  { name: 'matrix parameter on a normal segment kept', target: '/api/users/u1;v=2', expect: { forwarded: '/users/u1;v=2' } },
  { name: 'Host: evil.example (upstream from config only)', target: '/api/users/u1', host: 'evil.example', expect: { forwarded: '/users/u1' } },
  { name: 'traversal in the query only', target: '/api/carts/u1?x=/../../etc/passwd', expect: { forwarded: '/carts/u1?x=/../../etc/passwd' } },
  { name: 'encoded traversal in the query only', target: '/api/orders?ids=%2e%2e%2f,o1&y=%00', expect: { forwarded: '/orders?ids=%2e%2e%2f,o1&y=%00' } },
  {
    name: 'smuggling: Content-Length with Transfer-Encoding',
    target: '/api/users/u1',
    method: 'POST',
    extra: 'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /api/carts/u2 HTTP/1.1\r\nHost: gw.test\r\n\r\n',
    expect: REFUSED,
  },
  {
    name: 'smuggling: two different Content-Lengths',
    target: '/api/users/u1',
    method: 'POST',
    extra: 'Content-Length: 3\r\nContent-Length: 40\r\n\r\nabc',
    expect: REFUSED,
  },
  {
    name: 'smuggling: obfuscated Transfer-Encoding',
    target: '/api/users/u1',
    method: 'POST',
    extra: 'Transfer-Encoding: xchunked\r\nContent-Length: 3\r\n\r\nabc',
    expect: REFUSED,
  },
];

function outcomeOf(reply: RawResponse | Error, targets: readonly string[]): string {
  const status = reply instanceof Error ? `connection error (${reply.message})` : String(reply.status);
  return targets.length === 0 ? `${status}, upstream saw nothing` : `${status}, upstream saw ${targets.join(' | ')}`;
}

describe('passthrough path safety (raw socket)', () => {
  let stack: PassthroughStack;
  let token: string;
  const table: string[] = [];
  beforeAll(async () => {
    stack = await startPassthroughStack();
    token = await stack.token();
  });
  beforeEach(() => {
    stack.upstream.calls.splice(0);
  });
  afterAll(async () => {
    console.log(`Path safety table (${table.length} attempts):\n${table.join('\n')}`);
    await stack.close();
  });

  it.each(ATTEMPTS.map((attempt) => [attempt.name, attempt] as const))('%s', async (_name, attempt) => {
    const head = `${attempt.method ?? 'GET'} ${attempt.target} HTTP/1.1\r\nHost: ${attempt.host ?? 'gw.test'}\r\nAuthorization: Bearer ${token}\r\n`;
    const request = attempt.extra === undefined ? `${head}Connection: close\r\n\r\n` : `${head}${attempt.extra}`;
    const reply = await rawRequest(stack.url, Buffer.from(request, 'latin1')).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    // give a forwarded request (or a smuggled second one) time to land before judging "nothing"
    await new Promise((resolve) => setTimeout(resolve, 50));
    const targets = stack.upstream.calls.map((call) => call.target);
    table.push(`${`${attempt.method ?? 'GET'} ${attempt.target}`.padEnd(44)} ${attempt.name.padEnd(48)} → ${outcomeOf(reply, targets)}`);

    if ('forwarded' in attempt.expect) {
      expect(reply).not.toBeInstanceOf(Error);
      expect(reply instanceof Error ? 0 : reply.status).toBe(200);
      expect(targets).toEqual([attempt.expect.forwarded]);
      expect(targets[0]).toMatch(/^\/(users|orders|carts)([/?]|$)/);
      expect(stack.upstream.calls[0]?.headers.host).toBe(`127.0.0.1:${stack.upstream.port}`);
      expect(stack.upstream.calls[0]?.headers['x-injected']).toBeUndefined();
    } else {
      expect(reply).not.toBeInstanceOf(Error);
      expect(attempt.expect.refused).toContain(reply instanceof Error ? 0 : reply.status);
      expect(targets).toEqual([]);
    }
  });

  it('covers at least 15 attempts', () => {
    expect(ATTEMPTS.length).toBeGreaterThanOrEqual(15);
  });
});
