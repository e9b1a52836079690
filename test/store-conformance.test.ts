/** Runs the Store conformance suite (src/testing, exported as `unspun/testing`) on every built-in adapter. */
import { join } from 'node:path';
import { after } from 'node:test';
import { openStore } from '../src/store/index.js';
import { testStore } from '../src/testing/index.js';
import { tempDir } from './helpers/index.js';

const tmp = tempDir();
after(() => tmp.cleanup());

testStore('sqlite (memory)', () => openStore(':memory:'));
testStore('sqlite (file)', () => openStore(join(tmp.dir, `c-${Math.random().toString(36).slice(2)}.db`)));
testStore('sqlite (sqlite: URL)', () =>
  openStore(`sqlite:${join(tmp.dir, `u-${Math.random().toString(36).slice(2)}.db`)}`),
);
