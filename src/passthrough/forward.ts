import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { CallSignal } from '../upstream/call-signal.js';
import { classify } from '../upstream/classify.js';
import { UpstreamStatusFailure } from '../upstream/failures.js';
import type { ServiceClient } from '../upstream/service-client.js';

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** The client went away: not the upstream's fault, so the breaker must not count it. */
class ClientGone extends Error {}

/**
 * Sends one request through the service's pool and breaker, streaming the client's body, and
 * resolves with the upstream's response once its headers arrive (the deadline runs until then;
 * after it, undici's bodyTimeout is the idle timeout between chunks). 5xx → UPSTREAM_ERROR.
 * Never retried: a streamed body cannot be replayed.
 */
export async function forward(
  client: ServiceClient,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  headers: Record<string, string | string[]>,
): Promise<Dispatcher.ResponseData> {
  const method = (req.method ?? 'GET').toUpperCase();
  const abort = new CallSignal();
  const onClose = () => {
    if (!res.writableFinished) abort.abort(new ClientGone());
  };
  res.once('close', onClose);
  try {
    return await client.breaker.execute(
      async () => {
        try {
          const response = await client.pool.request({
            method: method as Dispatcher.HttpMethod,
            path: client.basePath + path,
            headers,
            body: BODYLESS.has(method) ? null : req,
            signal: abort,
            headersTimeout: client.timeoutMs,
            bodyTimeout: client.timeoutMs,
          });
          if (response.statusCode >= 500) {
            await response.body.dump().catch(() => undefined);
            throw new UpstreamStatusFailure(response.statusCode);
          }
          return response;
        } catch (error) {
          if (abort.reason instanceof ClientGone) throw abort.reason;
          throw error;
        }
      },
      false,
    );
  } catch (error) {
    throw classify(client.name, error);
  } finally {
    res.off('close', onClose);
  }
}
