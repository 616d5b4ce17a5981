import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { startReferenceService } from '../../../src/reference/start.js';
import { CONTRACT_VARIABLES, UPSTREAM_URL_VARIABLES } from '../../support/contract-env.js';
import {
  ConfigMap,
  Deployment,
  HorizontalPodAutoscaler,
  Ingress,
  Namespace,
  NetworkPolicy,
  PodDisruptionBudget,
  Secret,
  Service,
  describeObject,
  fieldOf,
  validateAgainstSchema,
} from '../../support/kubernetes-schemas.js';
import { describeWithKustomize, findKustomize } from '../../support/kustomize.js';
import { selects } from '../../support/label-selector.js';
import { TEST_SECRET } from '../../support/tokens.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const NAMESPACE = 'rest-graphql-gateway';
const kustomize = findKustomize();

let production: unknown[] = [];
let base: unknown[] = [];

/** Renders a copy of deploy/kubernetes with a test secret where the operator puts the real one. */
function render(): void {
  if (kustomize === undefined) throw new Error('no kustomize');
  const dir = mkdtempSync(join(tmpdir(), 'gateway-kubernetes-'));
  try {
    cpSync(`${ROOT}/deploy/kubernetes`, dir, { recursive: true, filter: (source) => !source.endsWith('/secrets/jwt-secret') });
    // as `openssl rand -hex 32 > ...` writes it: with a trailing newline
    writeFileSync(join(dir, 'overlays/production/secrets/jwt-secret'), `${TEST_SECRET}\n`);
    production = kustomize.build(join(dir, 'overlays/production'));
    base = kustomize.build(join(dir, 'base'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The one item `predicate` picks; throws naming `what` when there are none or several. */
function only<T>(items: readonly T[], what: string, predicate: (item: T) => boolean): T {
  const found = items.filter(predicate);
  const [first] = found;
  if (first === undefined || found.length > 1) throw new Error(`expected exactly one ${what}, found ${found.length}`);
  return first;
}

const named = <T extends { metadata?: { name?: string } }>(objects: readonly T[], name: string): T =>
  only(objects, `object named ${name}`, (object) => object.metadata?.name === name);

const deployments = (): IDeployment[] => production.filter(Deployment.is);
const services = () => production.filter(Service.is);
const policies = () => production.filter(NetworkPolicy.is);
const gateway = (): IDeployment => named(deployments(), 'gateway');
const podLabels = (deployment: IDeployment) => deployment.spec?.template.metadata?.labels ?? {};
const containers = (deployment: IDeployment): IContainer[] => deployment.spec?.template.spec?.containers ?? [];
const gatewayContainer = (): IContainer => only(containers(gateway()), 'gateway container', (container) => container.name === 'gateway');

/** The gateway's environment as the kubelet would give it: its ConfigMap, then its own entries (secrets decoded). */
function gatewayEnv(): Record<string, string> {
  const container = gatewayContainer();
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    Object.assign(env, named(production.filter(ConfigMap.is), source.configMapRef?.name ?? '').data);
  }
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    if (ref === undefined) {
      env[entry.name] = entry.value ?? '';
      continue;
    }
    const data = named(production.filter(Secret.is), ref.name ?? '').data ?? {};
    env[entry.name] = Buffer.from(data[ref.key] ?? '', 'base64').toString('utf8');
  }
  return env;
}

/** The Deployment and container port a cluster-internal URL reaches through its Service. */
function backendOf(url: URL, workload = url.hostname): { deployment: IDeployment; containerPort: number } {
  const service = named(services(), url.hostname);
  const port = service.spec?.ports?.find((entry) => entry.port === Number(url.port));
  expect(port, `${url.hostname} has a Service port ${url.port}`).toBeDefined();
  const selected = deployments().filter((deployment) => selects({ matchLabels: service.spec?.selector }, podLabels(deployment)));
  expect(selected.map((deployment) => deployment.metadata?.name), `the pods behind ${url.hostname}`).toEqual([workload]);
  const deployment = named(selected, workload);
  const target = port?.targetPort;
  const containerPort = containers(deployment)
    .flatMap((container) => container.ports ?? [])
    .find((entry) => entry.containerPort === target || entry.name === target)?.containerPort;
  expect(containerPort, `${url.hostname}'s targetPort ${String(target)}`).toBeDefined();
  return { deployment, containerPort: containerPort ?? 0 };
}

/** Whether an Ingress path routes `path` (Exact: equal; Prefix: whole path segments). */
function routes(rule: { path?: string; pathType: string }, path: string): boolean {
  const prefix = (rule.path ?? '/').replace(/\/+$/, '');
  if (rule.pathType === 'Exact') return path === rule.path;
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

describeWithKustomize(kustomize)(`deploy/kubernetes, rendered by ${kustomize?.name ?? 'kustomize'}`, () => {
  beforeAll(render);

  it('renders every object of the production overlay and of the base against its Kubernetes schema', () => {
    expect(production.length).toBeGreaterThan(20);
    expect(base.length).toBeGreaterThan(15);
    for (const object of [...production, ...base]) expect(() => validateAgainstSchema(object)).not.toThrow();
  });

  it('puts everything in one namespace that enforces the restricted Pod Security Standard', () => {
    const namespace = named(production.filter(Namespace.is), NAMESPACE);
    expect(namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const object of production) {
      if (Namespace.is(object)) continue;
      expect(fieldOf(object, 'metadata', 'namespace'), describeObject(object)).toBe(NAMESPACE);
    }
  });

  it('runs at least two gateways: from the first apply, and as the HPA minimum', () => {
    const hpa = named(production.filter(HorizontalPodAutoscaler.is), 'gateway');
    expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec?.maxReplicas).toBeGreaterThan(hpa.spec?.minReplicas ?? 0);
    expect(gateway().spec?.replicas).toBeGreaterThanOrEqual(2);
  });

  it('scales the gateway Deployment on CPU with an autoscaling/v2 HorizontalPodAutoscaler', () => {
    const hpa = named(production.filter(HorizontalPodAutoscaler.is), 'gateway');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' });
    expect(hpa.spec?.metrics?.map((metric) => metric.resource?.name)).toEqual(['cpu']);
    expect(gatewayContainer().resources?.requests?.cpu, 'utilization is measured against the request').toBeDefined();
  });

  it('probes /readyz for readiness and /healthz for liveness on the port the gateway listens on', () => {
    const container = gatewayContainer();
    const port = loadConfig(gatewayEnv()).port;
    const portOf = (name: unknown) => container.ports?.find((entry) => entry.name === name || entry.containerPort === name)?.containerPort;
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(portOf(container.readinessProbe?.httpGet?.port)).toBe(port);
    expect(portOf(container.livenessProbe?.httpGet?.port)).toBe(port);
  });

  it('gives a stopping pod longer than its preStop sleep plus SHUTDOWN_GRACE_MS before the kill', () => {
    const grace = gateway().spec?.template.spec?.terminationGracePeriodSeconds ?? 30;
    const preStop = gatewayContainer().lifecycle?.preStop?.exec?.command ?? [];
    expect(preStop[0]).toBe('sleep');
    const drainMs = loadConfig(gatewayEnv()).shutdownGraceMs + Number(preStop[1]) * 1000;
    expect(grace * 1000).toBeGreaterThan(drainMs);
  });

  it('sets CPU and memory requests and limits on every container, from pinned images', () => {
    for (const deployment of deployments()) {
      for (const container of containers(deployment)) {
        const where = `${deployment.metadata?.name}/${container.name}`;
        for (const kind of ['requests', 'limits'] as const) {
          expect(Object.keys(container.resources?.[kind] ?? {}).sort(), `${where} ${kind}`).toEqual(['cpu', 'memory']);
        }
        expect(container.image, where).toMatch(/:[\w.-]+$/);
        expect(container.image, where).not.toMatch(/:latest$/);
      }
    }
  });

  it('runs every container as a non-root user, read-only, without capabilities or privilege escalation', () => {
    for (const deployment of deployments()) {
      const pod = deployment.spec?.template.spec;
      expect(pod?.securityContext?.runAsNonRoot, deployment.metadata?.name).toBe(true);
      // numeric, or the kubelet cannot check runAsNonRoot against the image's named user
      expect(pod?.securityContext?.runAsUser, deployment.metadata?.name).toBeGreaterThan(0);
      expect(pod?.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
      expect(pod?.automountServiceAccountToken).toBe(false);
      for (const container of pod?.containers ?? []) {
        expect(container.securityContext, `${deployment.metadata?.name}/${container.name}`).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
      }
    }
  });

  it('sets only contract variables on the gateway, in production, and loadConfig accepts them', () => {
    const env = gatewayEnv();
    expect(Object.keys(env).filter((variable) => !CONTRACT_VARIABLES.has(variable))).toEqual([]);
    expect(env.NODE_ENV).toBe('production');
    expect(env.TRUST_PROXY).toBe('true');
    const config = loadConfig(env);
    expect(config.production).toBe(true);
    expect(gateway().spec?.template.spec?.enableServiceLinks).toBe(false);
  });

  it('takes JWT_SECRET from a key of the Secret generated from the operator\'s file; nothing else ships one', () => {
    const ref = gatewayContainer().env?.find((entry) => entry.name === 'JWT_SECRET')?.valueFrom?.secretKeyRef;
    expect(ref?.key).toBe('JWT_SECRET');
    expect(ref?.name).toMatch(/^gateway-jwt-[a-z0-9]+$/);
    expect(gatewayEnv().JWT_SECRET?.trim()).toBe(TEST_SECRET);
    expect(production.filter(Secret.is).map((secret) => secret.metadata?.name)).toEqual([ref?.name]);
    expect(base.filter(Secret.is)).toEqual([]);
  });

  it("points the upstream URLs at the reference services' Services, on the ports they listen on", () => {
    const env = gatewayEnv();
    for (const [variable, service] of Object.entries(UPSTREAM_URL_VARIABLES)) {
      const { deployment, containerPort } = backendOf(new URL(env[variable] ?? ''));
      const [container] = containers(deployment);
      expect(container?.command).toEqual(['node', 'dist/reference/main.js']);
      expect(container?.image).toBe(gatewayContainer().image);
      const runnerEnv = Object.fromEntries((container?.env ?? []).map((entry) => [entry.name, entry.value]));
      expect(runnerEnv).toEqual({ SERVICE: service, PORT: String(containerPort) });
    }
  });

  it.each(Object.values(UPSTREAM_URL_VARIABLES))('has a readiness probe the reference %s service passes', async (name) => {
    const probe = containers(named(deployments(), name))[0]?.readinessProbe?.httpGet;
    const headers = Object.fromEntries((probe?.httpHeaders ?? []).map((header) => [header.name, header.value]));
    const service = await startReferenceService(name);
    try {
      const response = await fetch(`${service.url}${probe?.path ?? ''}`, { headers });
      await response.body?.cancel();
      // the kubelet's rule: 200 to 399 is a success
      expect(response.status).toBeGreaterThanOrEqual(200);
      expect(response.status).toBeLessThan(400);
    } finally {
      await service.close();
    }
  });

  it('points REDIS_URL at the Redis Service', () => {
    const url = new URL(gatewayEnv().REDIS_URL ?? '');
    expect(url.protocol).toBe('redis:');
    const { deployment, containerPort } = backendOf(url);
    expect(containers(deployment)[0]?.image).toMatch(/^redis:/);
    expect(containerPort).toBe(6379);
  });

  it('has a PodDisruptionBudget that selects the gateway pods and nothing else', () => {
    const pdb = named(production.filter(PodDisruptionBudget.is), 'gateway');
    const selected = deployments().filter((deployment) => selects(pdb.spec?.selector, podLabels(deployment)));
    expect(selected.map((deployment) => deployment.metadata?.name)).toEqual(['gateway']);
    expect(pdb.spec?.maxUnavailable ?? pdb.spec?.minAvailable).toBeDefined();
  });

  it('denies every connection into the namespace that no policy admits', () => {
    const denyAll = policies().filter(
      (policy) =>
        deployments().every((deployment) => selects(policy.spec?.podSelector, podLabels(deployment))) &&
        (policy.spec?.policyTypes ?? []).includes('Ingress') &&
        (policy.spec?.ingress ?? []).length === 0,
    );
    expect(denyAll.map((policy) => policy.metadata?.name)).toEqual(['default-deny-ingress']);
  });

  it.each(['users', 'orders', 'cart', 'redis'])('admits only the gateway pods into %s, on its port only', (name) => {
    const target = named(deployments(), name);
    const port = containers(target)[0]?.ports?.[0]?.containerPort;
    const admitting = policies().filter(
      (policy) => selects(policy.spec?.podSelector, podLabels(target)) && (policy.spec?.policyTypes ?? []).includes('Ingress'),
    );
    const rules = admitting.flatMap((policy) => policy.spec?.ingress ?? []);
    expect(rules.length, `a policy admits the gateway into ${name}`).toBeGreaterThan(0);
    for (const rule of rules) {
      // a rule without `from` would admit everyone
      expect(rule.from?.length).toBeGreaterThan(0);
      for (const peer of rule.from ?? []) {
        expect(peer.namespaceSelector, 'no other namespace').toBeUndefined();
        expect(peer.ipBlock, 'no address range').toBeUndefined();
        const peers = deployments().filter((deployment) => selects(peer.podSelector, podLabels(deployment)));
        expect(peers.map((deployment) => deployment.metadata?.name)).toEqual(['gateway']);
      }
      expect(rule.ports?.map((entry) => entry.port)).toEqual([port]);
    }
  });

  it('routes only /graphql and /api publicly: never /metrics, and no Service outside the cluster', () => {
    const paths = production.filter(Ingress.is).flatMap((ingress) => (ingress.spec?.rules ?? []).flatMap((rule) => rule.http?.paths ?? []));
    const routed = (path: string) => paths.some((rule) => routes(rule, path));
    expect(['/graphql', '/api/users/u1', '/api/carts/u1/items', '/api/orders'].filter((path) => !routed(path))).toEqual([]);
    expect(['/metrics', '/metrics/', '/healthz', '/readyz', '/'].filter(routed)).toEqual([]);
    expect(services().filter((service) => !['ClusterIP', undefined].includes(service.spec?.type))).toEqual([]);
  });

  it('lets Prometheus scrape every gateway pod through a headless metrics Service, from the monitoring namespace', () => {
    const metrics = named(services(), 'gateway-metrics');
    const port = loadConfig(gatewayEnv()).port;
    expect(metrics.spec?.clusterIP).toBe('None');
    expect(metrics.metadata?.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics', 'prometheus.io/port': String(port) });
    expect(backendOf(new URL(`http://gateway-metrics:${port}`), 'gateway').containerPort).toBe(port);
    const fromMonitoring = policies()
      .filter((policy) => selects(policy.spec?.podSelector, podLabels(gateway())))
      .flatMap((policy) => policy.spec?.ingress ?? [])
      .filter((rule) => (rule.from ?? []).some((peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring'));
    expect(fromMonitoring.flatMap((rule) => rule.ports?.map((entry) => entry.port))).toContain(port);
  });
});
