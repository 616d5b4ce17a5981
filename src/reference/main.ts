// Standalone runner of the reference services (docker-compose): SERVICE, PORT, HOST.
import { ConfigError } from '../config/config-error.js';
import { listenPlan, parseRunnerEnv } from './runner-config.js';
import type { RunnerConfig } from './runner-config.js';
import { startReferenceService } from './start.js';
import type { RunningService } from './start.js';
import { createReferenceStore } from './store.js';

function loadOrExit(): RunnerConfig {
  try {
    return parseRunnerEnv(process.env);
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : String(err));
    process.exit(1);
  }
}

async function run(config: RunnerConfig): Promise<void> {
  const store = createReferenceStore();
  const running: RunningService[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(running.map((service) => service.close()));
  };
  try {
    for (const { name, port } of listenPlan(config)) {
      running.push(await startReferenceService(name, { port, host: config.host, store }));
    }
  } catch (err) {
    console.error(`reference services could not start: ${err instanceof Error ? err.message : String(err)}`);
    await stop();
    process.exit(1);
  }
  for (const service of running) console.log(`${service.name} listening on ${service.url}`);
  const shutdown = (): void => {
    void stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

void run(loadOrExit());
