import { envelop, useEngine, useSchema } from '@envelop/core';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, parse, specifiedRules, subscribe, validate, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { useCompiledExecution } from '../../../src/server/plugins/use-compiled-execution.js';

const schema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    type Query {
      greeting(name: String!): String!
    }
  `,
  resolvers: { Query: { greeting: (_: unknown, { name }: { name: string }) => `hello ${name}` } },
});

function createRunner(options: { compileAfter: number; maxCompiled: number; eligible?: (document: DocumentNode) => boolean }) {
  const getEnveloped = envelop({
    plugins: [useEngine({ parse, validate, execute, subscribe, specifiedRules }), useSchema(schema), useCompiledExecution({ eligible: () => true, ...options })],
  });
  return async (document: DocumentNode, name = 'ada') => {
    const { execute: run, contextFactory } = getEnveloped();
    const result = (await run({ schema, document, contextValue: await contextFactory(), variableValues: { name } })) as { data?: unknown; stringify?: unknown };
    // graphql-jit's results carry their compiled serializer; the ordinary executor's do not
    return { data: result.data, compiled: typeof result.stringify === 'function' };
  };
}

const greeting = () => parse('query Greet($name: String!) { greeting(name: $name) }');

describe('useCompiledExecution', () => {
  it('runs a document on the ordinary executor until it has been executed compileAfter times, then compiled', async () => {
    const run = createRunner({ compileAfter: 2, maxCompiled: 4 });
    const document = greeting();
    const runs = [await run(document), await run(document), await run(document, 'grace'), await run(document)];
    expect(runs.map((r) => r.compiled)).toEqual([false, false, true, true]);
    expect(runs[2]?.data).toEqual({ greeting: 'hello grace' });
  });

  it('never compiles a document that is not eligible', async () => {
    const run = createRunner({ compileAfter: 1, maxCompiled: 4, eligible: () => false });
    const document = greeting();
    const runs = await Promise.all([1, 2, 3, 4].map(() => run(document)));
    expect(runs.every((r) => !r.compiled && JSON.stringify(r.data) === '{"greeting":"hello ada"}')).toBe(true);
  });

  it('keeps at most maxCompiled documents and waits four times longer before compiling an evicted one again', async () => {
    const run = createRunner({ compileAfter: 1, maxCompiled: 1 });
    const first = greeting();
    const second = greeting();
    await run(first);
    expect((await run(first)).compiled).toBe(true);
    await run(second);
    expect((await run(second)).compiled).toBe(true); // evicts the first
    const again = [];
    for (let i = 0; i < 5; i += 1) again.push((await run(first)).compiled);
    expect(again).toEqual([false, false, false, false, true]);
  });

  it('keeps a compiled document that runs more often than a newcomer, and lets the newcomer in once the old one goes cold', async () => {
    const run = createRunner({ compileAfter: 1, maxCompiled: 1 });
    const hot = greeting();
    const newcomer = greeting();
    for (let i = 0; i < 6; i += 1) await run(hot); // compiled on its 2nd run, then 4 compiled runs
    const newcomerRuns = [];
    for (let i = 0; i < 2; i += 1) newcomerRuns.push((await run(newcomer)).compiled);
    expect(newcomerRuns).toEqual([false, false]); // it bids with 2 runs against 4: it loses
    expect((await run(hot)).compiled).toBe(true);
    // hot stands at 3 (halved to 2, then one more run); the newcomer bids again on its 5th run, and wins
    const later = [];
    for (let i = 0; i < 5; i += 1) later.push((await run(newcomer)).compiled);
    expect(later).toEqual([false, false, false, false, true]);
    expect((await run(hot)).compiled).toBe(false);
  });
});
