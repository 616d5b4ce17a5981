import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/load-config.js';
import { startReferenceService } from '../../../src/reference/start.js';
import { CONTRACT_VARIABLES, UPSTREAM_URL_VARIABLES as SERVICES } from '../../support/contract-env.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const read = (path: string): string => readFileSync(`${ROOT}/${path}`, 'utf8');

interface Service {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly ports?: readonly string[];
  readonly healthcheck?: { readonly test?: readonly string[] };
  readonly networks?: readonly string[];
}

interface Compose {
  readonly services: Readonly<Record<string, Service>>;
  readonly networks: Readonly<Record<string, { readonly internal?: boolean } | null>>;
}

// `merge: true` resolves the `<<: *anchor` keys the file uses
const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const services = Object.entries(compose.services);
const gateways = services.filter(([name]) => name.startsWith('gateway'));

/** `${NAME:-default}` as docker-compose resolves it with NAME unset. */
function withDefaults(value: string): string {
  return value.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

describe('docker-compose.yml', () => {
  it('runs exactly two gateway services, gateway-1 and gateway-2, from the Dockerfile', () => {
    expect(gateways.map(([name]) => name).sort()).toEqual(['gateway-1', 'gateway-2']);
    for (const [, gateway] of gateways) expect(gateway.build).toBe('.');
  });

  it('sets only contract variables on the gateways, in production, behind a proxy', () => {
    for (const [name, gateway] of gateways) {
      const env = gateway.environment ?? {};
      const unknown = Object.keys(env).filter((variable) => !CONTRACT_VARIABLES.has(variable));
      expect(unknown, `${name} sets variables the contract does not know`).toEqual([]);
      expect(env.NODE_ENV).toBe('production');
      expect(env.TRUST_PROXY).toBe('true');
      expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:-.{16,}\}$/);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
    }
  });

  it("gives the gateways a configuration loadConfig accepts", () => {
    for (const [, gateway] of gateways) {
      const env = Object.fromEntries(Object.entries(gateway.environment ?? {}).map(([key, value]) => [key, withDefaults(value)]));
      expect(() => loadConfig(env)).not.toThrow();
    }
  });

  it("points the gateways' upstream URLs at the reference services, on the ports they listen on", () => {
    for (const [, gateway] of gateways) {
      for (const [variable, service] of Object.entries(SERVICES)) {
        const url = new URL(gateway.environment?.[variable] ?? '');
        expect(url.hostname).toBe(service);
        const reference = compose.services[service];
        expect(reference?.command).toEqual(['node', 'dist/reference/main.js']);
        expect(reference?.environment?.SERVICE).toBe(service);
        expect(reference?.environment?.PORT).toBe(url.port);
      }
    }
  });

  it('publishes a port for the load balancer only', () => {
    const publishing = services.filter(([, service]) => (service.ports ?? []).length > 0).map(([name]) => name);
    expect(publishing).toEqual(['lb']);
  });

  it('keeps everything but the load balancer on internal networks', () => {
    for (const [name, service] of services) {
      if (name === 'lb') continue;
      for (const network of service.networks ?? []) expect(compose.networks[network]?.internal, `${name} on ${network}`).toBe(true);
    }
  });

  it('gives every service a health check', () => {
    for (const [name, service] of services) expect(service.healthcheck?.test?.length, name).toBeGreaterThan(0);
  });

  it.each(Object.values(SERVICES))("has a health check the reference %s service passes", async (name) => {
    const [, ...command] = compose.services[name]?.healthcheck?.test ?? [];
    const service = await startReferenceService(name);
    try {
      const port = compose.services[name]?.environment?.PORT ?? '';
      const args = command.slice(1).map((arg) => arg.replace(`127.0.0.1:${port}/`, `127.0.0.1:${service.port}/`));
      await expect(promisify(execFile)(command[0] ?? '', args, { timeout: 10_000 })).resolves.toBeDefined();
    } finally {
      await service.close();
    }
  });

  it('has the load balancer check /readyz and answer /metrics itself with 404', () => {
    const haproxy = read('deploy/haproxy.cfg');
    expect(haproxy).toMatch(/option httpchk GET \/readyz/);
    expect(haproxy).toMatch(/http-request deny deny_status 404 if \{ path -i \/metrics \}/);
    expect(haproxy).toMatch(/server gateway-1 gateway-1:4000 check/);
    expect(haproxy).toMatch(/server gateway-2 gateway-2:4000 check/);
  });

  const dockerCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  it.skipIf(dockerCompose.status !== 0)('passes `docker-compose config -q`', () => {
    const result = spawnSync('docker-compose', ['config', '-q'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('builds with tsc in one stage and runs production dependencies as a non-root user in another', () => {
    expect(dockerfile.match(/^FROM node:(22|24)-slim/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/RUN npm run build && npm prune --omit=dev/);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/node_modules \.\/node_modules$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^CMD \["node", ("--[a-z-]+=\d+", )*"dist\/main.js"\]$/m);
  });

  it('installs with the patches in place, so postinstall applies them in the build stage', () => {
    const patches = dockerfile.indexOf('COPY patches ./patches');
    expect(patches).toBeGreaterThan(-1);
    expect(patches).toBeLessThan(dockerfile.indexOf('RUN npm ci'));
  });
});
