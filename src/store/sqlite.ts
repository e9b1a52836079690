/** The embedded SQLite store adapter (subpath export `unspun/store/sqlite`). */
export { openSqliteStore, SCHEMA_VERSION, type SqliteOptions } from './_sqlite.js';
