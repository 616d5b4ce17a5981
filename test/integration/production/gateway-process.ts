import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ENTRY = 'dist/main.js';

/** Compiles src/ to dist/ when dist/ is missing or stale (what `npm start` does first). */
export function ensureBuilt(): void {
  const result = spawnSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
}

/** Only what node needs: no contract variable leaks in from the test runner's environment (vitest sets NODE_ENV=test). */
function cleanEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const base: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[name];
    if (value !== undefined) base[name] = value;
  }
  return { ...base, ...env };
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface GatewayProcess {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** stdout and stderr so far */
  output(): string;
  readonly exited: Promise<Exit>;
}

function spawnGateway(env: Readonly<Record<string, string>>): { child: ChildProcess; output: () => string; exited: Promise<Exit> } {
  const child = spawn(process.execPath, [ENTRY], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => text, exited };
}

/**
 * `node dist/main.js` on 127.0.0.1 and a port of its choosing (PORT=0): resolves once its
 * "listening" log line names the port; rejects when it exits first or takes longer than `timeoutMs`.
 */
export async function startGatewayProcess(env: Readonly<Record<string, string>>, timeoutMs = 15_000): Promise<GatewayProcess> {
  const { child, output, exited } = spawnGateway({ HOST: '127.0.0.1', PORT: '0', ...env });
  const deadline = Date.now() + timeoutMs;
  let exit: Exit | undefined;
  void exited.then((value) => (exit = value));
  for (;;) {
    const port = listeningPort(output());
    if (port !== undefined) return { url: `http://127.0.0.1:${port}`, port, child, output, exited };
    if (exit !== undefined) throw new Error(`gateway exited (${exit.code ?? exit.signal}) before listening:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`gateway did not listen within ${timeoutMs} ms:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function listeningPort(output: string): number | undefined {
  for (const line of output.split('\n')) {
    if (!line.includes('gateway listening')) continue;
    const port: unknown = (JSON.parse(line) as { port?: unknown }).port;
    if (typeof port === 'number') return port;
  }
  return undefined;
}

/** Runs the gateway with `env` until it exits by itself (a refused configuration); kills it after `timeoutMs`. */
export async function runUntilExit(env: Readonly<Record<string, string>>, timeoutMs = 15_000): Promise<Exit & { stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [ENTRY], { cwd: ROOT, env: cleanEnv({ HOST: '127.0.0.1', PORT: '0', ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exit = await new Promise<Exit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  clearTimeout(timer);
  return { ...exit, stdout, stderr };
}

/** Ends a gateway a test left running (SIGKILL: the test is over). */
export async function killGateway(gateway: GatewayProcess | undefined): Promise<void> {
  if (gateway === undefined || gateway.child.exitCode !== null || gateway.child.signalCode !== null) return;
  gateway.child.kill('SIGKILL');
  await gateway.exited;
}
