import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../../src/passthrough/target.js';

describe('resolveTarget', () => {
  it.each([
    ['/api/users', 'users', '/users'],
    ['/api/users/u1', 'users', '/users/u1'],
    ['/api/users?ids=u1,u2', 'users', '/users?ids=u1,u2'],
    ['/api/orders?userId=u1&limit=5', 'orders', '/orders?userId=u1&limit=5'],
    ['/api/carts/u1/items/p-100', 'cart', '/carts/u1/items/p-100'],
    ['/api/carts/u1/', 'cart', '/carts/u1/'],
    ['/api/users/a%20b', 'users', '/users/a%20b'],
    ['/api/carts/u1?x=/../../etc/passwd', 'cart', '/carts/u1?x=/../../etc/passwd'],
  ])('maps %s to the %s service at %s', (url, service, path) => {
    expect(resolveTarget(url)).toEqual({ ok: true, target: { service, path } });
  });

  it.each([
    '/api/users/../orders/o1',
    '/api/users/./u1',
    '/api/users/%2e%2e/orders',
    '/api/users/%2E%2E%2Fcarts',
    '/api/users/..%2f..%2fadmin',
    '/api/users/%252e%252e/x',
    '/api/users/..%5c..%5cx',
    '/api/users/.%2e/x',
    '/api/users\\..\\x',
    '/api/users//u1',
    '/api/users/%00',
    '/api/users/%zz',
    '/api/usersX/1',
    '/api/users/u1/../../carts/u2',
    '/API/users/u1',
    'http://evil.example/api/users/u1',
  ])('refuses %s', (url) => {
    expect(resolveTarget(url).ok).toBe(false);
  });
});
