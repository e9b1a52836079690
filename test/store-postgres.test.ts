/**
 * The PostgreSQL store against a real server (test/helpers/postgres.ts: the one .ci/run started, else a
 * throwaway cluster of this test's own): the same conformance suite as SQLite, then its own tests. Skips, and
 * says why, only when PostgreSQL is not installed.
 */
import { after, describe, it } from 'node:test';
import { openStore } from '../src/store/index.js';
import { testStore } from '../src/testing/index.js';
import { pgServer } from './helpers/postgres.js';

const server = await pgServer();
if ('skip' in server) {
  describe('PostgreSQL store', () => {
    it('runs against a real PostgreSQL server', { skip: server.skip }, () => {});
  });
} else {
  after(() => server.stop());
  testStore('postgres', async () => openStore(await server.newDatabase()));
}
