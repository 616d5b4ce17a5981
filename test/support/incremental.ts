import { request } from 'undici';

/** One payload of an incremental (@defer / @stream) response, as the client receives it. */
export interface IncrementalPayload {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: ReadonlyArray<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
  readonly incremental?: ReadonlyArray<{
    readonly data?: Record<string, unknown> | null;
    readonly items?: unknown[];
    readonly path: ReadonlyArray<string | number>;
    readonly label?: string;
    readonly errors?: ReadonlyArray<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
  }>;
  readonly hasNext?: boolean;
}

export interface IncrementalReply {
  readonly status: number;
  readonly contentType: string;
  /** the body as sent, for transcripts and leak checks */
  readonly raw: string;
  readonly payloads: IncrementalPayload[];
}

/** POST a document with `Accept: multipart/mixed` or `text/event-stream`; the payloads in order. */
export async function postIncremental(
  gatewayUrl: string,
  query: string,
  options: { token?: string; accept?: 'multipart/mixed' | 'text/event-stream'; variables?: Record<string, unknown> } = {},
): Promise<IncrementalReply> {
  const accept = options.accept ?? 'multipart/mixed';
  const headers: Record<string, string> = { 'content-type': 'application/json', accept };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const res = await request(`${gatewayUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables: options.variables }) });
  const raw = await res.body.text();
  const contentType = String(res.headers['content-type'] ?? '');
  const payloads = contentType.startsWith('multipart/mixed')
    ? multipartPayloads(raw)
    : contentType.startsWith('text/event-stream')
      ? ssePayloads(raw)
      : [JSON.parse(raw) as IncrementalPayload];
  return { status: res.statusCode, contentType, raw, payloads };
}

/** The JSON bodies of a multipart/mixed reply (Yoga's boundary is `-`). */
function multipartPayloads(raw: string): IncrementalPayload[] {
  return raw
    .split(/\r\n---(?:--)?/)
    .map((part) => part.split('\r\n\r\n').slice(1).join('\r\n\r\n').trim())
    .filter((body) => body.length > 0)
    .map((body) => JSON.parse(body) as IncrementalPayload);
}

/** The data of each `next` event of a text/event-stream reply. */
function ssePayloads(raw: string): IncrementalPayload[] {
  return raw
    .split(/\n\n/)
    .filter((event) => /^event: next$/m.test(event))
    .map((event) => JSON.parse(event.replace(/^[^]*?^data: /m, '')) as IncrementalPayload);
}
