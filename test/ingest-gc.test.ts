/**
 * Ingest and reindex collect garbage after each committed batch (DEFAULTS.ingestCollectGarbage): the collection
 * must really run in this runtime (Node exposes `gc` only behind a flag, which src/engine/_gc.ts sets at run
 * time), and a batch loop with it must store exactly what one without it stores.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { DEFAULTS } from '../src/defaults.js';
import { collectGarbage } from '../src/engine/_gc.js';
import { ingestPaths, openSqliteStore } from '../src/stages.js';
import { tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());

describe('garbage collection between batches', () => {
  it('collects an object nothing refers to any more', async () => {
    let ref: WeakRef<object> | undefined;
    (() => {
      ref = new WeakRef({ payload: new Array(1000).fill('x') });
    })();
    // A WeakRef's target is kept for the rest of the job that made it: collect in a later one.
    await tick();
    assert.equal(collectGarbage(), true, 'gc is available');
    assert.equal(ref!.deref(), undefined, 'the unreferenced object is gone');
  });

  it('stores the same articles with and without it', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) {
      const text = `Harbour council number ${i} approved the budget on day ${i % 7}. The bridge plan ${i} was delayed again by ${i + 3} weeks.`;
      lines.push(JSON.stringify({ id: `a${i}`, title: `Council ${i}`, text }));
    }
    const file = join(tmp.dir, 'in.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    // DEFAULTS is read-only to the code; the test flips the switch for its two runs and puts it back.
    const knobs = DEFAULTS as { ingestCollectGarbage: boolean };
    const was = knobs.ingestCollectGarbage;
    const stored: string[] = [];
    try {
      for (const on of [true, false]) {
        knobs.ingestCollectGarbage = on;
        const store = openSqliteStore(join(tmp.dir, `gc-${on}.db`));
        const s = await ingestPaths(store, [file], { batchSize: 7, workers: 0 });
        assert.equal(s.added, 60);
        const arts = await store.getArticlesBySeq(Array.from({ length: 60 }, (_, i) => i + 1));
        stored.push(JSON.stringify([...arts.values()].map((a) => [a.seq, a.key, a.hash, a.text])));
        await store.close();
      }
    } finally {
      knobs.ingestCollectGarbage = was;
    }
    assert.equal(stored[0], stored[1]);
  });
});
