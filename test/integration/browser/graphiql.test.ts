import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_NAMES } from '../../../src/reference/seed-data.js';
import { startGateway, type StartedGateway } from '../../support/start-gateway.js';

/**
 * GraphiQL in a real browser: Debian's chromium (`.ci/run` installs it), driven by playwright-core.
 * Alone: `npx vitest run test/integration/browser`. Without chromium the test is skipped, except
 * under CI (CI=true), where it fails instead.
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = 'test-results/graphiql.png';
const available = existsSync(CHROMIUM);
const underCi = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
if (!available && !underCi) console.warn(`graphiql browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

describe.skipIf(!available && !underCi)('GraphiQL in a browser (embedded default)', () => {
  let gateway: StartedGateway;
  let browser: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    gateway = await startGateway({ LOG_LEVEL: 'warn' });
    profile = await mkdtemp(join(tmpdir(), 'gateway-chromium-'));
    // a fresh profile each run: nothing cached from an earlier page
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-gpu',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    if (profile !== undefined) await rm(profile, { recursive: true, force: true });
  });

  it('runs the pre-filled dashboard query with the demo token, using nothing but the gateway', async () => {
    const origin = new URL(gateway.url).origin;
    const page = await browser.newPage();
    const requested: string[] = [];
    const consoleErrors: string[] = [];
    // the context sees the page's requests and its workers'
    browser.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));

    const response = await page.goto(`${gateway.url}/graphql`, { waitUntil: 'load' });
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self';");
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 15_000 });
    await run.click();
    // Monaco lays text out with non-breaking spaces and renders only the lines in view
    const shown = async () => (await page.locator('.graphiql-response').innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(shown, { timeout: 15_000 }).toContain('"recentOrders"');
    const text = await shown();
    expect(text).toContain('"dashboard"');
    expect(text).toContain(`"name": "${USER_NAMES[0]}"`);
    expect(text).not.toContain('"errors"');
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    const elsewhere = requested.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
    expect(elsewhere).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
