// Shared by the tests that compare with native DuckDB (@duckdb/node-api) rather than Footfall's engine,
// such as sniff-* and layout-*: the fixture folders, the real exports, and one in-memory connection plus a
// scratch folder per test file. Call useNativeDuck(prefix) at the top of a test file; `conn` and `tmp` are
// then live.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
export const VENDORS = path.join(FIXTURES, 'vendors');
export const DATA = path.resolve('test/fixtures/data');
export const CDNOW = path.join(DATA, 'cdnow/CDNOW_master.txt');
export const RETAIL = path.join(DATA, 'online-retail/online_retail.csv.gz');
export const MALL = path.join(DATA, 'mall-customers/Mall_Customers.csv');

export let conn: DuckDBConnection;
export let tmp: string;

/** Opens the connection and a scratch folder `footfall-<prefix>-…` before the tests; closes both after. */
export function useNativeDuck(prefix: string): void {
	beforeAll(async () => {
		const db = await DuckDBInstance.create(':memory:');
		conn = await db.connect();
		tmp = mkdtempSync(path.join(tmpdir(), `footfall-${prefix}-`));
	});

	afterAll(() => {
		conn?.closeSync();
		rmSync(tmp, { recursive: true, force: true });
	});
}
