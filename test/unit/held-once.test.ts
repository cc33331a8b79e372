import { beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import type { DatasetInput } from '../../src/lib/engine/ingest/index.ts';
import { literal } from '../../src/lib/sql/quote.ts';

let duck: Database;
let tmp: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-held-once-'));
});

/** 300 events: every 7th without a user, 13 devices, 3 event names, an hour apart. */
const events = Array.from({ length: 300 }, (_, i) => ({
	user: i % 7 === 0 ? null : `u${i % 11}`,
	device: `d${i % 13}`,
	time: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
	event: `e${i % 3}`
}));

async function jsonlFile() {
	const p = path.join(tmp, 'events.jsonl');
	await writeFile(p, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
	return p;
}

/** The same events written as Parquet by native DuckDB (not the code under test). */
async function parquetFile() {
	const p = path.join(tmp, 'events.parquet');
	const db = await DuckDBInstance.create(':memory:');
	const conn = await db.connect();
	const values = events
		.map(
			(e) =>
				`(${e.user ? literal(e.user) : 'NULL'}, ${literal(e.device)}, ${literal(e.time)}, ${literal(e.event)})`
		)
		.join(', ');
	await conn.run(
		`COPY (SELECT * FROM (VALUES ${values}) t("user", device, "time", event)) TO ${literal(p)} (FORMAT parquet)`
	);
	conn.closeSync();
	return p;
}

const owned = async () =>
	(
		await duck.rows<{ name: string }>(
			`SELECT table_name AS name FROM duckdb_tables() WHERE regexp_matches(table_name, '^__g[0-9]+_')`
		)
	).map((t) => t.name.replace(/^__g\d+_/, ''));

const eventRows = async () =>
	(await duck.rows(`SELECT __user, __time, __event, device FROM events ORDER BY __row`)).map((r) =>
		JSON.stringify(r)
	);

describe('JSON and Parquet rows are held once, in events', () => {
	for (const [format, make] of [
		['JSONL', jsonlFile],
		['Parquet', parquetFile]
	] as const) {
		test(`${format}: no decoded copy stays beside events, and a remap decodes the file again`, async () => {
			const src = await nodeSource(await make());
			const core = new EngineCore(duck);
			const first = { columns: { user: 'user', time: 'time', event: 'event', anonymous: null } };
			const loaded = await core.ingest([src], first);
			expect(loaded.rows).toBe(300);
			expect(await owned()).toEqual(['sample']);
			const input: DatasetInput = { columns: { ...first.columns, anonymous: 'device' } };
			const remapped = await core.remap(input);
			expect(await owned()).toEqual(['sample']);
			const rows = await eventRows();
			const fresh = await new EngineCore(duck).ingest([src], input);
			expect(await eventRows()).toEqual(rows);
			expect(remapped.rows).toBe(300);
			expect(remapped.noUser).toBe(0);
			expect({ ...remapped, files: null }).toEqual({ ...fresh, files: null });
			// Every device of a row without a user was also seen with a user (13 devices over 300 rows).
			expect(remapped.users).toBe(11);
		});
	}
});
