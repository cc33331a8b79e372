// Shared by the formats-* tests (the JSON and Parquet loaders): one DuckDB-WASM under Node and a scratch
// folder per test file (call useFormatsDuck() at the top), fresh table names, sources written to the folder,
// readers of a loaded table, and hand-written Mixpanel rows with the flat records they must become.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../../src/lib/engine/duck.ts';
import { createNodeDuck, nodeSource } from '../../../src/lib/engine/node-duck.ts';
import type { SourceFile } from '../../../src/lib/engine/source.ts';
import { ident, literal } from '../../../src/lib/sql/quote.ts';

export let duck: Database;
export let dir: string;
/** Tables the loaders have created so far: a cancel waits for the partial table to exist. */
export const created = new Set<string>();
let tableCounter = 0;

/** Opens this test file's database and scratch folder before its tests; removes the folder after. */
export function useFormatsDuck(): void {
	beforeAll(async () => {
		duck = await createNodeDuck();
		const insert = duck.insertArrow.bind(duck);
		duck.insertArrow = async (name, ipc, opts) => {
			await insert(name, ipc, opts);
			created.add(name);
		};
		dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-formats-'));
	});

	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});
}

/** A table name no other test of this file uses. */
export const nextTable = () => `t_formats_${++tableCounter}`;

/** Writes `content` to `name` in the scratch folder and returns it as a source to load. */
export async function fileSource(name: string, content: string | Uint8Array): Promise<SourceFile> {
	const file = path.join(dir, name);
	await writeFile(file, content);
	return nodeSource(file);
}

/** A source whose stream hands out tiny chunks, so records, strings and UTF-8 sequences straddle chunks. */
export function choppedSource(name: string, bytes: Uint8Array<ArrayBuffer>, chunk: number): SourceFile {
	const real = new Blob([bytes]);
	const blob = {
		size: bytes.length,
		slice: (start?: number, end?: number) => real.slice(start, end),
		stream: () => {
			let pos = 0;
			return new ReadableStream<Uint8Array>({
				pull(controller) {
					if (pos >= bytes.length) controller.close();
					else controller.enqueue(bytes.slice(pos, (pos += chunk)));
				}
			});
		}
	};
	return { name, size: bytes.length, blob: blob as unknown as Blob };
}

/** The table's columns with their DuckDB types, in order. */
export async function columnsOf(table: string): Promise<{ name: string; type: string }[]> {
	return await duck.rows<{ name: string; type: string }>(
		`SELECT column_name AS name, data_type AS type FROM duckdb_columns()
		 WHERE table_name = ${literal(table)} ORDER BY column_index`
	);
}

/** The table's rows in the order the loader appended them (DuckDB's rowid), which must be file order. */
export async function rowsOf(table: string): Promise<Record<string, unknown>[]> {
	return await duck.rows(`SELECT * FROM ${ident(table)} ORDER BY rowid`);
}

/** Every table in the database, by name. */
export async function tableNames(): Promise<string[]> {
	return (await duck.rows<{ n: string }>('SELECT table_name AS n FROM duckdb_tables() ORDER BY 1')).map(
		(r) => r.n
	);
}

/** A loaded row: dotted column name to value. */
export type Flat = Record<string, string | number | boolean | null>;

/** Mixpanel export rows, each with the flattened record it must become (written out by hand, not computed). */
export function mixpanelRows(n: number): { raw: object; flat: Flat }[] {
	const out: { raw: object; flat: Flat }[] = [];
	const events = ['Signed Up', 'Viewed "Pricing"', 'Bought, then [left]', 'Ünïcødé 🚀 {braces}'];
	for (let i = 0; i < n; i++) {
		const event = events[i % events.length];
		const user = `user-${i % 7}\\path`;
		const time = 1735689600 + i * 37;
		const insertId = `ins-${i}`;
		const price = i % 3 === 0 ? null : i + 0.25;
		const browser = i % 2 === 0 ? 'Chrome' : 'Firefox';
		const tags = ['a', `b${i}`];
		out.push({
			raw: {
				event,
				properties: {
					distinct_id: user,
					time,
					$insert_id: insertId,
					price,
					$browser: browser,
					tags,
					ok: i % 5 === 0
				}
			},
			flat: {
				event,
				'properties.distinct_id': user,
				'properties.time': time,
				'properties.$insert_id': insertId,
				'properties.price': price,
				'properties.$browser': browser,
				'properties.tags': `["a","b${i}"]`,
				'properties.ok': i % 5 === 0
			}
		});
	}
	return out;
}

/** The columns and types mixpanelRows must load as. */
export const mixpanelColumns = [
	{ name: 'event', type: 'VARCHAR' },
	{ name: 'properties.distinct_id', type: 'VARCHAR' },
	{ name: 'properties.time', type: 'BIGINT' },
	{ name: 'properties.$insert_id', type: 'VARCHAR' },
	{ name: 'properties.price', type: 'DOUBLE' },
	{ name: 'properties.$browser', type: 'VARCHAR' },
	{ name: 'properties.tags', type: 'VARCHAR' },
	{ name: 'properties.ok', type: 'BOOLEAN' }
];

/** The rows' raw records as JSON Lines. */
export const jsonl = (rows: { raw: object }[]) => rows.map((r) => JSON.stringify(r.raw)).join('\n') + '\n';
/** The rows' flat records, as the loaded table must hold them. */
export const flatRows = (rows: { flat: Flat }[]) => rows.map((r) => r.flat);
