import { afterEach, describe, expect, it } from 'vitest';
import { SHORT_TIMEOUT_MS, leaksIn, startStack, type GatewayStack } from '../../support/gateway-stack.js';
import { LEAK_MARKER } from '../../support/fake-upstream.js';
import { DASHBOARD, FAILURES, PART } from '../../support/failures.js';
import { at } from '../../support/start-gateway.js';

let stack: GatewayStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe.each(['users', 'orders', 'cart'] as const)('dashboard when %s fails', (service) => {
  for (const { name, code, inject } of FAILURES) {
    it(`nulls ${PART[service]} alone with ${code} when ${service} ${name}`, async () => {
      // the floor without last good data (test/integration/degradation/ covers the warm-up's answer coming back)
      stack = await startStack({ env: { UPSTREAM_TIMEOUT_MS: String(SHORT_TIMEOUT_MS), STALE_MAX_AGE_S: '0' } });
      // warm up: connections open and code paths run once, so the healthy parts answer well inside the deadline
      expect((await stack.query(DASHBOARD)).body.errors).toBeUndefined();
      await inject(stack.fakes[service]);

      const { status, body, text } = await stack.query(DASHBOARD);

      expect(status).toBe(200);
      const dashboard = at(body.data, 'dashboard');
      for (const [other, part] of Object.entries(PART)) {
        if (other === service) expect(at(dashboard, part)).toBeNull();
        else expect(at(dashboard, part)).not.toBeNull();
      }
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]).toMatchObject({ path: ['dashboard', PART[service]], extensions: { code, service } });
      expect(leaksIn(text, [stack.fakes.users, stack.fakes.orders, stack.fakes.cart], LEAK_MARKER)).toEqual([]);
    });
  }
});
