import { connect } from 'node:net';

/** One HTTP/1.1 response as read off the wire, after any 1xx interim responses. */
export interface RawResponse {
  readonly status: number;
  /** lower-cased names; repeated headers joined with ", " */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** statuses of the interim (1xx) responses that came first */
  readonly interim: readonly number[];
}

/**
 * Writes `request` byte for byte to the gateway's socket (no client normalises or refuses
 * anything) and reads one response: Content-Length, chunked, or up to the connection's end.
 */
export function rawRequest(baseUrl: string, request: string | Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let buffered = Buffer.alloc(0);
    const interim: number[] = [];
    let ended = false;
    const timer = setTimeout(() => finish(new Error(`no complete response within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error: Error | undefined, response?: RawResponse): void => {
      clearTimeout(timer);
      socket.destroy();
      if (response !== undefined) resolve(response);
      else reject(error ?? new Error('connection closed before a response'));
    };
    const tryParse = (): void => {
      for (;;) {
        const headEnd = buffered.indexOf('\r\n\r\n');
        if (headEnd === -1) break;
        const [statusLine = '', ...lines] = buffered.subarray(0, headEnd).toString('latin1').split('\r\n');
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
        if (Number.isNaN(status)) return finish(new Error(`not an HTTP response: ${statusLine}`));
        const rest = buffered.subarray(headEnd + 4);
        if (status >= 100 && status < 200) {
          interim.push(status);
          buffered = rest;
          continue;
        }
        const headers = parseHeaders(lines);
        const body = bodyOf(headers, rest, ended);
        if (body !== undefined) finish(undefined, { status, headers, body, interim });
        return;
      }
      if (ended) finish(new Error('connection closed before a complete response'));
    };
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      tryParse();
    });
    socket.on('end', () => {
      ended = true;
      tryParse();
    });
    socket.on('error', (error) => finish(error));
    socket.write(request);
  });
}

function parseHeaders(lines: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

/** The complete body, or undefined while more bytes are needed. */
function bodyOf(headers: Readonly<Record<string, string>>, rest: Buffer, ended: boolean): string | undefined {
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return dechunk(rest);
  const length = headers['content-length'];
  if (length !== undefined) return rest.length >= Number(length) ? rest.subarray(0, Number(length)).toString('utf8') : undefined;
  return ended ? rest.toString('utf8') : undefined;
}

function dechunk(data: Buffer): string | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return undefined;
    // the last chunk, then optional trailers, then an empty line
    if (size === 0) return data.indexOf('\r\n\r\n', lineEnd) === -1 ? undefined : Buffer.concat(parts).toString('utf8');
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return undefined;
    parts.push(data.subarray(start, start + size));
    at = start + size + 2;
  }
}
