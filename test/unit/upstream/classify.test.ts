import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import { errors as undiciErrors } from 'undici';
import { describe, expect, it } from 'vitest';
import { GatewayError, badUserInput, forbidden, notFound } from '../../../src/errors/gateway-error.js';
import { classify, countsAgainstBreaker, isBreakerOpen, isConnectionFailure } from '../../../src/upstream/classify.js';
import { fromClientError } from '../../../src/upstream/client-errors.js';
import { DeadlineExceeded, UnreadableBody, UpstreamStatusFailure } from '../../../src/upstream/failures.js';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code, errno: -1, syscall: 'connect' });
}

const aborted = (): AbortSignal => {
  const controller = new AbortController();
  controller.abort(new DeadlineExceeded(200));
  return controller.signal;
};

describe('classify', () => {
  it.each<{ name: string; error: unknown; code: string }>([
    { name: 'DeadlineExceeded', error: new DeadlineExceeded(200), code: 'UPSTREAM_TIMEOUT' },
    { name: 'undici HeadersTimeoutError', error: new undiciErrors.HeadersTimeoutError(), code: 'UPSTREAM_TIMEOUT' },
    { name: 'undici BodyTimeoutError', error: new undiciErrors.BodyTimeoutError(), code: 'UPSTREAM_TIMEOUT' },
    { name: 'ECONNREFUSED', error: errno('ECONNREFUSED'), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'ECONNRESET', error: errno('ECONNRESET'), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'EPIPE', error: errno('EPIPE'), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'ENOTFOUND', error: errno('ENOTFOUND'), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'EAI_AGAIN', error: errno('EAI_AGAIN'), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'EHOSTUNREACH', error: errno('EHOSTUNREACH'), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'ENETUNREACH', error: errno('ENETUNREACH'), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'ETIMEDOUT (TCP)', error: errno('ETIMEDOUT'), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'undici SocketError', error: new undiciErrors.SocketError('other side closed'), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'undici ConnectTimeoutError', error: new undiciErrors.ConnectTimeoutError(), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'undici ClientClosedError', error: new undiciErrors.ClientClosedError(), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'undici ClientDestroyedError', error: new undiciErrors.ClientDestroyedError(), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'a connection code on the cause', error: new TypeError('fetch failed', { cause: errno('ECONNREFUSED') }), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'an open breaker', error: new BrokenCircuitError(), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'an isolated breaker', error: new IsolatedCircuitError(), code: 'UPSTREAM_UNAVAILABLE' },
    { name: 'a 5xx reply', error: new UpstreamStatusFailure(503), code: 'UPSTREAM_ERROR' },
    { name: 'an unreadable body', error: new UnreadableBody('body is not JSON'), code: 'UPSTREAM_ERROR' },
    { name: 'undici ResponseExceededMaxSizeError', error: new undiciErrors.ResponseExceededMaxSizeError(), code: 'UPSTREAM_ERROR' },
    { name: 'anything else', error: new Error('surprise'), code: 'UPSTREAM_ERROR' },
    { name: 'a thrown string', error: 'surprise', code: 'UPSTREAM_ERROR' },
  ])('maps $name to $code', ({ error, code }) => {
    const classified = classify('orders', error);
    expect(classified).toBeInstanceOf(GatewayError);
    expect(classified.code).toBe(code);
    expect(classified.extensions).toEqual({ service: 'orders' });
  });

  it('maps whatever undici reports after the deadline fired to UPSTREAM_TIMEOUT', () => {
    const abort = new undiciErrors.RequestAbortedError();
    expect(classify('users', abort, aborted()).code).toBe('UPSTREAM_TIMEOUT');
    expect(classify('users', errno('ECONNRESET'), aborted()).code).toBe('UPSTREAM_TIMEOUT');
  });

  it('keeps a GatewayError as it is', () => {
    const known = notFound('cart', 'cart u1');
    expect(classify('cart', known)).toBe(known);
  });

  it('keeps the original failure as the cause, out of the message', () => {
    const original = errno('ECONNREFUSED');
    const classified = classify('cart', original);
    expect(classified.cause).toBe(original);
    expect(classified.message).not.toContain('127.0.0.1');
    expect(classified.message).toBe('cart is unavailable');
  });

  it('names the service in extensions for jwks too', () => {
    expect(classify('jwks', errno('ECONNREFUSED')).extensions).toEqual({ service: 'jwks' });
  });
});

describe('countsAgainstBreaker', () => {
  it.each<{ name: string; error: unknown }>([
    { name: 'a passed deadline', error: new DeadlineExceeded(200) },
    { name: 'a refused connection', error: errno('ECONNREFUSED') },
    { name: 'a reset connection', error: errno('ECONNRESET') },
    { name: 'an undici socket error', error: new undiciErrors.SocketError('other side closed') },
    { name: 'an undici connect timeout', error: new undiciErrors.ConnectTimeoutError() },
    { name: 'an undici headers timeout', error: new undiciErrors.HeadersTimeoutError() },
    { name: 'an undici body timeout', error: new undiciErrors.BodyTimeoutError() },
    { name: 'a 500 reply', error: new UpstreamStatusFailure(500) },
    { name: 'a 503 reply', error: new UpstreamStatusFailure(503) },
    { name: 'an unreadable body', error: new UnreadableBody('wrong shape') },
  ])('counts $name', ({ error }) => {
    expect(countsAgainstBreaker(error)).toBe(true);
  });

  it.each([400, 401, 403, 404, 409, 418, 422, 429])('never counts a %i reply', (status) => {
    expect(countsAgainstBreaker(fromClientError('users', status, 'user u1'))).toBe(false);
  });

  it.each<{ name: string; error: unknown }>([
    { name: 'BAD_USER_INPUT', error: badUserInput('bad') },
    { name: 'FORBIDDEN', error: forbidden() },
    { name: 'NOT_FOUND', error: notFound('orders', 'order o1') },
    { name: 'an open breaker', error: new BrokenCircuitError() },
    { name: 'a programming error', error: new TypeError('x is undefined') },
  ])('does not count $name', ({ error }) => {
    expect(countsAgainstBreaker(error)).toBe(false);
  });
});

describe('isConnectionFailure and isBreakerOpen', () => {
  it('recognises connection failures only', () => {
    expect(isConnectionFailure(errno('ECONNREFUSED'))).toBe(true);
    expect(isConnectionFailure(new UpstreamStatusFailure(502))).toBe(false);
    expect(isConnectionFailure(new DeadlineExceeded(10))).toBe(false);
  });

  it('recognises an open breaker', () => {
    expect(isBreakerOpen(new BrokenCircuitError())).toBe(true);
    expect(isBreakerOpen(errno('ECONNREFUSED'))).toBe(false);
  });
});

describe('fromClientError', () => {
  it.each([
    [404, 'NOT_FOUND', { service: 'users' }],
    [400, 'BAD_USER_INPUT', {}],
    [409, 'BAD_USER_INPUT', {}],
    [422, 'BAD_USER_INPUT', {}],
    [401, 'FORBIDDEN', {}],
    [403, 'FORBIDDEN', {}],
    [418, 'UPSTREAM_ERROR', { service: 'users' }],
  ])('maps %i to %s', (status, code, extensions) => {
    const error = fromClientError('users', status, 'user u1');
    expect(error.code).toBe(code);
    expect(error.extensions).toEqual(extensions);
  });
});
