// Reads a V8 .cpuprofile (node --cpu-prof) and ranks functions by self time, optionally only the
// samples inside a window of CLOCK_MONOTONIC microseconds (the clock of both V8 and process.hrtime).
import { readFileSync } from 'node:fs';

function shortUrl(url, root) {
  if (!url) return '';
  let u = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  if (u.startsWith(root)) u = u.slice(root.length);
  const nm = u.lastIndexOf('node_modules/');
  return nm === -1 ? u : u.slice(nm + 'node_modules/'.length);
}

/** `graphql`, `@whatwg-node/server`, `dist/server`, `node:internal`, `(garbage collector)` … */
function packageOf(callFrame, root) {
  const url = shortUrl(callFrame.url, root);
  if (!url) return callFrame.functionName.startsWith('(') ? callFrame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  if (url.startsWith('/') || url.startsWith('dist/') || url.startsWith('src/')) return url.split('/').slice(0, 2).join('/');
  const parts = url.split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * `{ sampledMs, busyMs, idleMs, windowApplied, top: [{fn, where, selfMs, pct}], byPackage }`;
 * `pct` is of busy time (everything but `(idle)`).
 */
export function summarizeProfile(path, { root, window, top = 40 } = {}) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfByNode = new Map();
  let t = profile.startTime;
  const inWindow = window && window.startUs < profile.endTime && window.endUs > profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    t += profile.timeDeltas[i] ?? 0;
    const next = i + 1 < profile.timeDeltas.length ? profile.timeDeltas[i + 1] : 0;
    if (inWindow && (t < window.startUs || t > window.endUs)) continue;
    selfByNode.set(profile.samples[i], (selfByNode.get(profile.samples[i]) ?? 0) + Math.max(0, next));
  }
  const byFunction = new Map();
  const byPackage = new Map();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfByNode) {
    const { callFrame } = nodes.get(id);
    totalUs += us;
    if (callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const url = shortUrl(callFrame.url, root);
    const where = url ? `${url}:${callFrame.lineNumber + 1}` : '';
    const key = `${callFrame.functionName}|${where}`;
    const entry = byFunction.get(key) ?? { fn: callFrame.functionName || '(anonymous)', where, selfUs: 0 };
    entry.selfUs += us;
    byFunction.set(key, entry);
    const pkg = packageOf(callFrame, root);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const projectTotal = inclusiveInProject(profile, nodes, selfByNode, root);
  const pct = (us) => Math.round((us / busyUs) * 1000) / 10;
  const ms = (us) => Math.round(us / 100) / 10;
  return {
    windowApplied: Boolean(inWindow),
    sampledMs: ms(totalUs),
    busyMs: ms(busyUs),
    idleMs: ms(idleUs),
    top: [...byFunction.values()]
      .sort((a, b) => b.selfUs - a.selfUs)
      .slice(0, top)
      .map((e) => ({ fn: e.fn, where: e.where, selfMs: ms(e.selfUs), pct: pct(e.selfUs) })),
    projectInclusive: [...projectTotal.values()]
      .sort((a, b) => b.totalUs - a.totalUs)
      .slice(0, top)
      .map((e) => ({ fn: e.fn, where: e.where, totalMs: ms(e.totalUs), pct: pct(e.totalUs) })),
    byPackage: [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ package: name, selfMs: ms(us), pct: pct(us) })),
  };
}

/**
 * Total (inclusive) time of the project's own functions (dist/…): each sample counts once for every
 * distinct project function on its stack, so `createGateway`-style wrappers show what they cover.
 */
function inclusiveInProject(profile, nodes, selfByNode, root) {
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map();
  for (const [id, us] of selfByNode) {
    if (nodes.get(id).callFrame.functionName === '(idle)') continue;
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { callFrame } = nodes.get(at);
      const url = shortUrl(callFrame.url, root);
      if (!url.startsWith('dist/')) continue;
      const where = `${url}:${callFrame.lineNumber + 1}`;
      const key = `${callFrame.functionName}|${where}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = totals.get(key) ?? { fn: callFrame.functionName || '(anonymous)', where, totalUs: 0 };
      entry.totalUs += us;
      totals.set(key, entry);
    }
  }
  return totals;
}

/** The first `rows` entries of each ranking as markdown. */
export function profileMarkdown(summary, rows = 15) {
  const lines = [
    `busy ${summary.busyMs} ms, idle ${summary.idleMs} ms${summary.windowApplied ? ' (measured window only)' : ' (whole process)'}`,
    '',
    '| # | function | where | self ms | % of busy |',
    '|---:|---|---|---:|---:|',
    ...summary.top.slice(0, rows).map((e, i) => `| ${i + 1} | ${e.fn} | ${e.where} | ${e.selfMs} | ${e.pct} |`),
    '',
    "The project's own functions by total (inclusive) time:",
    '',
    '| # | function | where | total ms | % of busy |',
    '|---:|---|---|---:|---:|',
    ...summary.projectInclusive.slice(0, rows).map((e, i) => `| ${i + 1} | ${e.fn} | ${e.where} | ${e.totalMs} | ${e.pct} |`),
    '',
    '| package / folder | self ms | % of busy |',
    '|---|---:|---:|',
    ...summary.byPackage.slice(0, rows).map((p) => `| ${p.package} | ${p.selfMs} | ${p.pct} |`),
  ];
  return lines.join('\n');
}
