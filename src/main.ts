import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';

/** Past SHUTDOWN_GRACE_MS, how long closing pools and Redis may take before the process just exits. */
const HARD_STOP_MARGIN_MS = 5000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(1);
  }
  // imported only now: a refused configuration exits before graphql, Yoga and undici are even loaded
  const { createGateway } = await import('./app.js');
  const gateway = await createGateway(config).catch((error: unknown) => {
    // PERSISTED_OPERATIONS_FILE is read and checked here, not by loadConfig: same one line
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(1);
  });
  const address = await gateway.listen(config.port, config.host);
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${address.port}`;
  gateway.logger.info({ port: address.port, host: config.host, production: config.production }, `gateway listening on ${url}`);
  if (gateway.embeddedUpstreams !== undefined) {
    gateway.logger.info({ upstreams: gateway.embeddedUpstreams }, 'no upstream URLs set: reference users, orders and cart services run in-process');
  }
  // log lines go out at the end of the event loop's turn: these first, then the banner below
  gateway.logger.flush();
  if (!config.production) process.stdout.write(`\nGraphiQL: ${url}/graphql\n`);
  if (gateway.demoToken !== undefined) {
    process.stdout.write(`Demo token (user u1, already in GraphiQL's headers; valid 24 h, this process only):\n${gateway.demoToken}\n\n`);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      gateway.logger.warn({ signal }, 'second signal: exiting without waiting for in-flight requests');
      process.exit(1);
    }
    stopping = true;
    gateway.logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: /readyz is 503, draining in-flight requests');
    // last resort if closing hangs (a pool or Redis that never answers): exit soon after the grace period
    setTimeout(() => {
      gateway.logger.error('shutdown did not finish in time');
      process.exit(1);
    }, config.shutdownGraceMs + HARD_STOP_MARGIN_MS).unref();
    gateway.shutdown().then(
      () => {
        gateway.logger.info('shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        gateway.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
