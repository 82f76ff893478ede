/**
 * The one module that loads the DuckDB client (`@duckdb/node-api`). Every
 * other module imports DuckDB's classes and constants from here (types may
 * still be imported from the package with `import type`).
 *
 * Why: the client is a CommonJS package of about 150 files that re-export
 * one another. Imported from an ES module, Node first runs its CommonJS
 * export lexer over every one of them to find named exports; loaded with
 * `require` it does not. Measured on the 2-core development machine: the
 * ES import costs 0.50 s of CPU at start-up, `require` 0.30 s (bare Node
 * 0.11 s), and every command that reads data pays it (bench/whole-process.ts).
 */
import { createRequire } from 'node:module';
import type * as Api from '@duckdb/node-api';

const api = createRequire(import.meta.url)('@duckdb/node-api') as typeof Api;

export const DuckDBInstance = api.DuckDBInstance;
export type DuckDBInstance = Api.DuckDBInstance;
export const DuckDBTypeId = api.DuckDBTypeId;
export type DuckDBTypeId = Api.DuckDBTypeId;
export const DuckDBDataChunk = api.DuckDBDataChunk;
export type DuckDBDataChunk = Api.DuckDBDataChunk;
export const BIGINT = api.BIGINT;
export const DOUBLE = api.DOUBLE;
export const VARCHAR = api.VARCHAR;
export type { DuckDBConnection, DuckDBMaterializedResult, DuckDBResult, DuckDBVector } from '@duckdb/node-api';
