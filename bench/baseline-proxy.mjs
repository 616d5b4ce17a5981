// Baseline (e): the passthrough without the gateway. A bare node:http server that verifies the
// same HS256 token and streams GET /api/users[/*] from USERS_URL/users[/*] through a keep-alive
// undici Pool (status, content-type and body as they come). No rate limit, breaker, metrics or
// header hygiene. Env: PORT, JWT_SECRET, USERS_URL.
import { createServer } from 'node:http';
import { jwtVerify } from 'jose';
import { Pool } from 'undici';

const env = process.env;
const key = new TextEncoder().encode(env.JWT_SECRET ?? '');
const users = new Pool(new URL(env.USERS_URL ?? '').origin, { connections: 64, pipelining: 1, keepAliveTimeout: 10_000 });
const PREFIX = '/api/users';

function send(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}
const sendError = (res, status, error) => send(res, status, { error });

let sequence = 0;
async function handle(req, res) {
  const url = req.url ?? '/';
  if (url === '/healthz') return send(res, 200, { status: 'ok' });
  if (!url.startsWith(PREFIX) || (url.length > PREFIX.length && !'/?'.includes(url[PREFIX.length]))) return sendError(res, 404, 'not found');
  let payload;
  try {
    ({ payload } = await jwtVerify((req.headers.authorization ?? '').slice('Bearer '.length), key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] }));
  } catch {
    return sendError(res, 401, 'bad token');
  }
  const headers = {
    'x-request-id': req.headers['x-request-id'] ?? `p${(sequence += 1)}`,
    'x-user-id': payload.sub,
    'x-user-roles': Array.isArray(payload.roles) ? payload.roles.join(',') : '',
  };
  await users.stream({ method: 'GET', path: `/users${url.slice(PREFIX.length)}`, headers }, ({ statusCode, headers: upstream }) => {
    const out = { 'content-type': upstream['content-type'] ?? 'application/json' };
    if (upstream['content-length'] !== undefined) out['content-length'] = upstream['content-length'];
    res.writeHead(statusCode >= 500 ? 502 : statusCode, out);
    return res;
  });
}

const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
  handle(req, res).catch(() => {
    if (res.headersSent) res.destroy();
    else sendError(res, 502, 'upstream failed');
  });
});
server.listen(Number(env.PORT ?? '0'), '127.0.0.1', () => {
  process.stdout.write(`READY ${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  users.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
