import { createGateway } from './app.js';
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(1);
  }
  const gateway = await createGateway(config);
  const address = await gateway.listen(config.port, config.host);
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shown.includes(':') ? `[${shown}]` : shown}:${address.port}`;
  gateway.logger.info({ port: address.port, host: config.host, production: config.production }, `gateway listening on ${url}`);
  if (gateway.embeddedUpstreams !== undefined) {
    gateway.logger.info({ upstreams: gateway.embeddedUpstreams }, 'no upstream URLs set: reference users, orders and cart services run in-process');
  }
  if (!config.production) process.stdout.write(`\nGraphiQL: ${url}/graphql\n`);
  if (gateway.demoToken !== undefined) {
    process.stdout.write(`Demo token (user u1, already in GraphiQL's headers; valid 24 h, this process only):\n${gateway.demoToken}\n\n`);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    gateway.logger.info({ signal }, 'shutting down: draining in-flight requests');
    gateway.close().then(
      () => process.exit(0),
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
