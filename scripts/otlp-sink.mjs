#!/usr/bin/env node
// A minimal OTLP/HTTP trace receiver for benchmarks: accepts POST /v1/traces (protobuf or JSON),
// answers 200 at once, counts the spans, and prints the counts on SIGTERM/SIGINT, then exits.
//
//   node scripts/otlp-sink.mjs 4318            # or PORT=4318; listens on 127.0.0.1 only
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 npm start
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? process.env.PORT ?? 4318);
let spans = 0;
let requests = 0;
let bytes = 0;
let undecoded = 0;

/** Reads a protobuf varint at `at`: [value, next offset]. */
function varint(buf, at) {
  let value = 0;
  let shift = 0;
  let offset = at;
  for (;;) {
    const byte = buf[offset++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, offset];
    shift += 7;
  }
}

/** Calls `onField(fieldNumber, start, end)` for every length-delimited field of a message. */
function eachLengthField(buf, start, end, onField) {
  let offset = start;
  while (offset < end) {
    const [key, afterKey] = varint(buf, offset);
    const wire = key & 7;
    offset = afterKey;
    if (wire === 0) offset = varint(buf, offset)[1];
    else if (wire === 1) offset += 8;
    else if (wire === 5) offset += 4;
    else if (wire === 2) {
      const [length, afterLength] = varint(buf, offset);
      onField(key >>> 3, afterLength, afterLength + length);
      offset = afterLength + length;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

/** ExportTraceServiceRequest: resource_spans = 1 → scope_spans = 2 → spans = 2. */
function countProtobuf(buf) {
  let count = 0;
  eachLengthField(buf, 0, buf.length, (field, s, e) => {
    if (field !== 1) return;
    eachLengthField(buf, s, e, (f2, s2, e2) => {
      if (f2 !== 2) return;
      eachLengthField(buf, s2, e2, (f3) => {
        if (f3 === 2) count += 1;
      });
    });
  });
  return count;
}

function countJson(text) {
  const body = JSON.parse(text);
  return (body.resourceSpans ?? []).reduce(
    (n, rs) => n + (rs.scopeSpans ?? []).reduce((m, ss) => m + (ss.spans ?? []).length, 0),
    0,
  );
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    requests += 1;
    bytes += body.length;
    const type = req.headers['content-type'] ?? '';
    try {
      spans += type.includes('json') ? countJson(body.toString('utf8')) : countProtobuf(body);
    } catch {
      undecoded += 1;
    }
    if (type.includes('json')) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
});

server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`otlp-sink listening on http://127.0.0.1:${server.address().port} (POST /v1/traces)`);
});

function report() {
  console.log(JSON.stringify({ spans, requests, bytes, undecoded }));
  server.closeAllConnections();
  server.close(() => process.exit(0));
}
process.on('SIGTERM', report);
process.on('SIGINT', report);
