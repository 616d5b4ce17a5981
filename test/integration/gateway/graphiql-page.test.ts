import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { useStackPerTest } from '../../support/gateway-stack.js';

const started = useStackPerTest();

/** The src and href of the page's scripts, styles and icon. */
const assetUrls = (html: string): string[] => [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '');

describe('GraphiQL page (development)', () => {
  it('answers a browser with the page and a Content-Security-Policy of its own origin', async () => {
    const s = await started();
    const res = await request(`${s.gateway.url}/graphql`, { headers: { accept: 'text/html' } });
    const html = await res.body.text();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'; /);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(html).not.toMatch(/<script>/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves every asset the page names from the gateway, cacheable for good', async () => {
    const s = await started();
    const html = await (await request(`${s.gateway.url}/graphql`, { headers: { accept: 'text/html' } })).body.text();
    const urls = assetUrls(html);
    expect(urls).toHaveLength(3);
    for (const url of urls) {
      expect(url).toMatch(/^\/graphiql\/[a-z.]+\.[0-9a-f]{16}\.(js|css|ico)$/);
      const asset = await request(`${s.gateway.url}${url}`, { method: 'HEAD' });
      await asset.body.dump();
      expect(asset.statusCode, url).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('answers an unknown asset path with 404', async () => {
    const s = await started();
    const res = await request(`${s.gateway.url}/graphiql/graphiql.0000000000000000.js`);
    await res.body.dump();
    expect(res.statusCode).toBe(404);
  });

  it('still answers GET /graphql?query= without text/html with JSON', async () => {
    const s = await started();
    const res = await request(`${s.gateway.url}/graphql?query=%7B__typename%7D`, { headers: { accept: 'application/json' } });
    expect(await res.body.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('GraphiQL page (production)', () => {
  it('serves none of the assets', async () => {
    const s = await started({ NODE_ENV: 'production' });
    const res = await request(`${s.gateway.url}/graphiql/graphiql.js`);
    await res.body.dump();
    expect(res.statusCode).toBe(404);
  });
});
