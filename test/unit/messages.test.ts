import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './support/run-cli.ts';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { CancelledError, type Database } from '../../src/lib/engine/duck.ts';
import { userMessage, type MessageContext } from '../../src/lib/messages.ts';
import type { SpecInputOf } from '../../src/lib/analyses/registry.ts';

const CASE = fileURLToPath(new URL('../fixtures/cases/placeholder-ids/', import.meta.url));
const CASE_COLUMNS = 'userId, anonymousId, event, timestamp, messageId';

let duck: Database;
let tmp: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-messages-'));
});

/** The error DuckDB itself raises for `sql`. */
async function duckError(sql: string): Promise<Error> {
	try {
		await duck.exec(sql);
	} catch (e) {
		return e as Error;
	}
	throw new Error(`expected ${sql} to fail`);
}

/** What no message may show: engine names, DuckDB's classes and query excerpts, JavaScript internals. */
function expectUserTerms(text: string) {
	expect(text).not.toMatch(/__g\d|__stage|__user|__ukey|__time|__derived|events__|"events"/);
	expect(text).not.toMatch(/Binder Error|Catalog Error|Parser Error|Conversion Error|Invalid Input Error/);
	expect(text).not.toMatch(/\bLINE \d+:|\^|Candidate bindings/);
	expect(text).not.toMatch(/Cannot read propert|undefined \(reading|is not a function|RuntimeError/);
	for (const c of ['\n', '\r', '\u001b', '\u0000']) expect(text).not.toContain(c);
	expect(text.length).toBeLessThanOrEqual(500);
}

/** Passing a message through again changes nothing: the engine words some, the page and CLI all. */
function expectStable(text: string, ctx: MessageContext) {
	expect(userMessage(new Error(text), ctx)).toBe(text);
}

describe('userMessage on what DuckDB and JavaScript really throw', () => {
	beforeAll(async () => {
		await duck.exec(
			`CREATE OR REPLACE TABLE "__g3_part0" (plan VARCHAR); CREATE OR REPLACE TABLE events__stage (x INT)`
		);
	});

	const cases: [string, () => unknown, MessageContext, RegExp][] = [
		[
			'a binder error on a staged table names the column, not the table',
			() => duckError('SELECT country FROM events__stage'),
			{ doing: 'analysis' },
			/^The column "country" is not in the data\. Check the analysis settings/
		],
		[
			"a missing column of a loader's table",
			() => duckError('SELECT "Country" FROM "__g3_part0" e WHERE e.plan = 1'),
			{ doing: 'load', files: ['orders.csv'] },
			/^orders\.csv: The column "Country" is not in the data\. Check the file and the column mapping/
		],
		[
			'a file alias is the file the user gave',
			() => duckError(`SELECT * FROM read_csv('__g12_file0_my_export__2024_.csv')`),
			{ doing: 'load', files: ['my export (2024).csv'] },
			/^my export \(2024\)\.csv can no longer be read .* Choose it again\.$/
		],
		[
			'a value that is not a number',
			() => duckError(`SELECT CAST('abc' AS INTEGER)`),
			{ doing: 'analysis' },
			/^The value "abc" is not a whole number\./
		],
		[
			'a catalog error about an engine table',
			() => duckError('SELECT * FROM "__g9_sample"'),
			{},
			/^The loaded data is no longer in the engine\. Load the file again\.$/
		],
		[
			'a parser error keeps no query excerpt',
			() => duckError('SELECT FROM WHERE'),
			{ doing: 'analysis' },
			/^syntax error at or near "WHERE"\. Check the analysis settings/
		],
		[
			"JavaScript's TypeError on a damaged file",
			() => new TypeError("Cannot read properties of undefined (reading 'map')"),
			{ doing: 'load', files: ['x.parquet'] },
			/^x\.parquet: Footfall failed on this data where it should have said what is wrong\. Try again/
		],
		[
			'a TypeError that crossed from the worker as a plain Error',
			() => Object.assign(new Error('e.columns is not iterable'), { name: 'TypeError' }),
			{},
			/^Footfall failed on this data/
		],
		[
			'a WebAssembly trap',
			() => new WebAssembly.RuntimeError('divide by zero'),
			{ doing: 'sessions' },
			/^Sessions could not be computed: the analytics engine stopped on this data and had to restart/
		],
		[
			'a stack overflow',
			() => new RangeError('Maximum call stack size exceeded'),
			{ doing: 'load', files: ['deep.json'] },
			/^deep\.json: A value in this data is nested too deeply to read\./
		],
		[
			'out of memory while loading, with a dataset already loaded',
			() =>
				new Error('Out of Memory Error: failed to allocate data of size 256.0 MiB (2.9 GiB/3.0 GiB used)'),
			{ doing: 'load', files: ['big.csv'], previousKept: true },
			/^big\.csv: This data needs more memory than Footfall has \(about 3 GB\).*The previous dataset is still loaded\.$/
		],
		[
			'out of memory on native DuckDB names its limit and how to raise it',
			() =>
				new Error('Out of Memory Error: could not allocate block of size 256.0 KiB (3.7 GiB/3.7 GiB used)'),
			{ doing: 'analysis', memoryLimit: '3.7 GiB' },
			/^This analysis needs more memory than DuckDB's limit of 3\.7 GiB, even spilling to disk\. Raise the limit with --memory-limit .*--threads 1 .*, or narrow the analysis \(a shorter date range, no breakdown\)\.$/
		],
		[
			'a CSV error keeps its reason, which DuckDB puts on a later line',
			() =>
				new Error(
					'Invalid Input Error: CSV Error on Line: 7\nOriginal Line: a,"b\nValue with unterminated quote found.\n\nPossible fixes:\n* Enable ignore errors'
				),
			{ doing: 'load', files: ['q.csv'] },
			/^q\.csv: line 7 of the file cannot be read \(Value with unterminated quote found\)\./
		],
		['a cancel', () => new CancelledError(), { doing: 'load', files: ['a.csv'] }, /^Cancelled\.$/]
	];

	for (const [name, make, ctx, expected] of cases) {
		it(name, async () => {
			const error: unknown = await make();
			const text = userMessage(error, ctx);
			expect(text).toMatch(expected);
			expectUserTerms(text);
			expectStable(text, ctx);
		});
	}

	it('removes terminal escapes and bidirectional overrides, and cuts a 3 MB value short', () => {
		const value = 'x'.repeat(3_000_000);
		const text = userMessage(
			new Error(`Conversion Error: Could not convert string '${value}' to INT64\n\nLINE 1: SELECT ...\n   ^`),
			{ doing: 'analysis' }
		);
		expect(text).toMatch(/^The value "x{60}…" is not a whole number\./);
		expectUserTerms(text);
		const evil = userMessage(new Error('bad event \u001b[31mred\u001b[0m \u202eevil\u202c name'));
		expect(evil).toBe('bad event [31mred[0m evil name');
	});
});

describe('spec columns are checked against the data', () => {
	async function loaded() {
		const core = new EngineCore(duck);
		await core.ingest([await nodeSource(path.join(CASE, 'events.csv'))], {});
		return core;
	}
	const base: SpecInputOf<'retention'> = {
		kind: 'retention',
		startEvent: null,
		returnEvent: null,
		type: 'first_time',
		period: 'day',
		periods: 3,
		mode: 'on',
		window: 'calendar',
		breakdown: null
	};

	it('a breakdown or where column that is not in the data is named by its field, not a Binder Error', async () => {
		const core = await loaded();
		await expect(core.run({ ...base, breakdown: 'country' })).rejects.toThrow(
			`The column "country" in analysis.breakdown is not in the data. Its columns are: ${CASE_COLUMNS}.`
		);
		await expect(
			core.run({
				...base,
				returnEvent: { event: 'Page Viewed', where: [{ column: 'plan', op: '=', value: 'pro' }] }
			})
		).rejects.toThrow(
			`The column "plan" in analysis.returnEvent.where[0] is not in the data. Its columns are: ${CASE_COLUMNS}.`
		);
		// DuckDB matches names without regard to case, and so does the check.
		const ok = await core.run({ ...base, breakdown: 'EVENT' });
		expect(ok.ipc!.byteLength).toBeGreaterThan(0);
	});

	it('a dataset filter on a column that is not in the data is named by its field', async () => {
		const core = new EngineCore(duck);
		await expect(
			core.ingest([await nodeSource(path.join(CASE, 'events.csv'))], {
				filters: [
					{ column: 'userId', op: 'not_null' },
					{ column: 'plan', op: 'not_null' }
				]
			})
		).rejects.toThrow(
			`The column "plan" in dataset.filters[1] is not in the data. Its columns are: ${CASE_COLUMNS}.`
		);
	});
});

describe('the CLI speaks through the same function', () => {
	const cli = runCli;

	async function specFile(name: string, analysis: object, prefix = '') {
		await writeFile(path.join(tmp, 'events.csv'), await readFile(path.join(CASE, 'events.csv')));
		const spec = {
			dataset: { files: ['events.csv'], columns: { user: 'userId', time: 'timestamp', event: 'event' } },
			analysis: { kind: 'retention', period: 'day', periods: 3, ...analysis }
		};
		const p = path.join(tmp, name);
		await writeFile(p, prefix + JSON.stringify(spec, null, 2));
		return p;
	}

	it('reads a spec file saved with a UTF-8 byte order mark', async () => {
		const r = await cli('run', await specFile('bom.json', {}, '\uFEFF'));
		expect(r.err).toEqual([]);
		expect(r.code).toBe(0);
		expect(JSON.parse(r.out.join('\n')).cohorts.map((c: { cohort: string }) => c.cohort)).toEqual([
			'2025-01-06',
			'2025-01-07',
			'2025-01-08'
		]);
	});

	it('says which spec field names a missing column, on one line', async () => {
		const r = await cli('run', await specFile('missing.json', { breakdown: 'country' }));
		expect(r.code).toBe(1);
		expect(r.out).toEqual([]);
		expect(r.err).toEqual([
			`footfall: The column "country" in analysis.breakdown is not in the data. Its columns are: ${CASE_COLUMNS}.`
		]);
	});

	it('a damaged Parquet file is named with what to do', async () => {
		const p = path.join(tmp, 'empty.parquet');
		await writeFile(p, new Uint8Array([0x50, 0x41, 0x52, 0x31, 0, 0, 0, 0, 0x50, 0x41, 0x52, 0x31]));
		const r = await cli('inspect', p);
		expect(r.code).toBe(1);
		expect(r.err).toHaveLength(1);
		expect(r.err[0]).toMatch(
			/^footfall: empty\.parquet is a damaged Parquet file: .* Export or copy the file again\.$/
		);
		expectUserTerms(r.err[0]);
	});
});
