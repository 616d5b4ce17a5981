import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as the OTLP/HTTP JSON encoding carries it, attributes flattened to plain values. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root span */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** OTLP status code: 0 unset, 1 ok, 2 error */
  readonly status: { readonly code: number; readonly message?: string };
  readonly resource: Readonly<Record<string, unknown>>;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
}

export interface ExportRequest {
  readonly contentType: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A real OTLP/HTTP receiver on 127.0.0.1:0: every export request it got, JSON ones decoded. */
export interface OtlpReceiver {
  /** e.g. `http://127.0.0.1:41234`, for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces) */
  readonly url: string;
  readonly requests: ExportRequest[];
  readonly spans: ReceivedSpan[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const requests: ExportRequest[] = [];
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const contentType = req.headers['content-type'];
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      requests.push({ contentType, headers: req.headers, body });
      if (contentType?.startsWith('application/json') === true) spans.push(...decodeJson(JSON.parse(body.toString('utf8'))));
      res.writeHead(200, { 'content-type': contentType ?? 'application/json' }).end(contentType?.includes('json') === true ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    spans,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface JsonKeyValue {
  key: string;
  value: JsonAnyValue;
}
interface JsonAnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: JsonAnyValue[] };
}
interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: JsonKeyValue[];
  status?: { code?: number; message?: string };
}
interface JsonExport {
  resourceSpans?: { resource?: { attributes?: JsonKeyValue[] }; scopeSpans?: { spans?: JsonSpan[] }[] }[];
}

function decodeJson(body: JsonExport): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = toRecord(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind,
        attributes: toRecord(span.attributes),
        status: { code: span.status?.code ?? 0, message: span.status?.message },
        resource,
        startTimeUnixNano: BigInt(span.startTimeUnixNano),
        endTimeUnixNano: BigInt(span.endTimeUnixNano),
      })),
    );
  });
}

function toRecord(attributes: JsonKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((attributes ?? []).map(({ key, value }) => [key, toValue(value)]));
}

function toValue(value: JsonAnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(toValue);
  return undefined;
}

/** The spans as an indented tree (children under their parent, in start order): for failure messages and the README. */
export function spanTree(spans: readonly ReceivedSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const ordered = [...spans].sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1));
  const lines: string[] = [];
  const walk = (children: readonly ReceivedSpan[], depth: number) => {
    for (const span of children) {
      const attrs = Object.entries(span.attributes).map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(' ');
      const status = span.status.code === 2 ? ` [ERROR${span.status.message ? `: ${span.status.message}` : ''}]` : '';
      const ms = (Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6).toFixed(2);
      lines.push(`${'  '.repeat(depth)}${span.name} (${ms} ms)${status}  ${attrs}`);
      walk(ordered.filter((s) => s.parentSpanId === span.spanId), depth + 1);
    }
  };
  walk(ordered.filter((span) => !ids.has(span.parentSpanId)), 0);
  return lines.join('\n');
}
