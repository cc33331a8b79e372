/**
 * Every entry of the hostile corpus (test/hostile/corpus.ts) through the CLI, in process: `footfall inspect
 * FILE… --json` for data, `footfall run SPEC.json --out result.json` for specs. Each must end with exit 0 or
 * 1 (never a crash or a usage error), with the outcome counted by hand when the input was made, a message
 * naming the user's file or spec field and no name of the engine's, no raw control character in anything
 * printed, no file written but the one asked for, and nothing reaching Object.prototype.
 *
 * One DuckDB-WASM instance serves every run: starting one takes seconds, and the CLI would start a fresh one
 * for each command. The engine must still answer after every entry, so none may leave it broken either.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/lib/engine/duck.ts';
import { runCli } from './support/run-cli.ts';
import { countByKind, hostileCorpus, type HostileInput, type Loaded } from '../hostile/corpus.ts';
import type { Cohorts } from '../hostile/make.ts';

const shared = vi.hoisted(() => ({ duck: null as Promise<Database> | null }));
vi.mock('../../src/lib/engine/node-duck.ts', async (importOriginal) => {
	const real = await importOriginal<typeof import('../../src/lib/engine/node-duck.ts')>();
	// One engine for every command; the CLI closes the database it opened, which here must outlive it.
	const open = () => real.createNodeDuck().then((duck) => Object.assign(duck, { close: async () => {} }));
	return { ...real, createNodeDuck: () => (shared.duck ??= open()) };
});

const corpus = await hostileCorpus();

/** The engine's own names, and DuckDB's dumps: never in a message. */
const INTERNAL =
	/__g\d|\/inputs\/|events__stage|Binder Error|Catalog Error|Parser Error|__user|LINE 1:|Original Line|Possible Solution/;
/** C0 controls but the newline, DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

let root: string;
beforeAll(async () => {
	root = await mkdtemp(path.join(os.tmpdir(), 'footfall-hostile-cli-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Every file under `dir`, as relative paths. */
const listing = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).sort();

/** Writes an entry's files (and spec) into a folder of its own; returns the CLI arguments. */
async function lay(entry: HostileInput, dir: string): Promise<string[]> {
	await mkdir(dir, { recursive: true });
	const paths: string[] = [];
	for (const f of entry.files) {
		const folder = f.dir ? path.join(dir, f.dir) : dir;
		await mkdir(folder, { recursive: true });
		const p = path.join(folder, f.name);
		await writeFile(p, f.bytes);
		// A sparse file: the size without the disk space.
		if (f.size) await truncate(p, f.size);
		paths.push(p);
	}
	if (entry.spec === undefined) return ['inspect', ...paths, '--json', ...(entry.args ?? [])];
	await writeFile(path.join(dir, 'spec.json'), entry.spec);
	return ['run', path.join(dir, 'spec.json'), '--out', path.join(dir, 'result.json')];
}

function expectLoaded(report: Record<string, unknown>, want: Loaded, files: string[]) {
	const r = report as {
		rows: number;
		rejected: number;
		users: number;
		events: number;
		firstTime: string | null;
		lastTime: string | null;
		files: { encoding?: string; truncated?: boolean }[];
		columns: { name: string }[];
		rejectedExamples: { reason: string; file: string; line: number | null }[];
		notes: string[];
	};
	const got: Partial<Loaded> = { rows: r.rows };
	if (want.rejected !== undefined) got.rejected = r.rejected;
	if (want.users !== undefined) got.users = r.users;
	if (want.events !== undefined) got.events = r.events;
	if (want.truncated !== undefined) got.truncated = r.files.some((f) => f.truncated === true);
	if (want.lines !== undefined) got.lines = r.rejectedExamples.map((x) => x.line ?? -1).sort((a, b) => a - b);
	if (want.dataRows !== undefined) {
		got.dataRows = r.rejectedExamples.map((x) => Number(/^Row (\d+):/.exec(x.reason)?.[1] ?? -1));
	}
	if (want.encoding !== undefined) got.encoding = r.files[0].encoding;
	if (want.firstTime !== undefined) got.firstTime = r.firstTime ?? undefined;
	if (want.lastTime !== undefined) got.lastTime = r.lastTime ?? undefined;
	if (want.mapping !== undefined) {
		const mapping = (report as { mapping: Record<string, string | null> }).mapping;
		got.mapping = Object.fromEntries(Object.keys(want.mapping).map((k) => [k, mapping[k] ?? null]));
	}
	if (want.columns !== undefined) {
		const names = new Set(r.columns.map((c) => c.name));
		got.columns = want.columns.filter((c) => names.has(c));
	}
	expect(got).toEqual(want);
	for (const x of r.rejectedExamples) {
		expect(x.reason).not.toMatch(INTERNAL);
		expect(files).toContain(x.file);
	}
	for (const n of r.notes) expect(n).not.toMatch(INTERNAL);
}

function expectCohorts(result: Record<string, unknown>, want: Cohorts) {
	const cohorts = (result.cohorts as Cohorts['cohorts']).map(({ cohort, size, values }) => ({
		cohort,
		size,
		values
	}));
	expect(cohorts).toEqual(want.cohorts);
}

const timings: [string, number][] = [];
afterAll(() => {
	const slow = timings.sort((a, b) => b[1] - a[1]).slice(0, 25);
	console.log(`hostile corpus: ${corpus.length} entries`, countByKind(corpus), 'slowest (ms):', slow);
});

describe('the hostile corpus through the CLI', () => {
	test('has over a hundred entries of every kind the issue lists', () => {
		expect(corpus.length).toBeGreaterThan(100);
		expect(Object.keys(countByKind(corpus)).sort()).toEqual(
			[
				'binary-as-text',
				'deep-json',
				'encoding',
				'gzip',
				'huge-field',
				'malformed-csv',
				'many-columns',
				'many-files',
				'markup-sql',
				'names',
				'nul-bytes',
				'parquet',
				'proto-json',
				'ragged-csv',
				'size-limit',
				'spec-numbers',
				'spec-sql',
				'times',
				'urls'
			].sort()
		);
	});

	test.each(corpus.map((e, i) => [e.name, e, i] as const))(
		'%s',
		async (_name, entry, i) => {
			const dir = path.join(root, String(i));
			const argv = await lay(entry, dir);
			const before = listing(root);
			const cwdBefore = readdirSync(process.cwd()).sort();
			const started = Date.now();
			const { code, out, err } = await runCli(...argv);
			const [stdout, stderr] = [out.join('\n'), err.join('\n')];
			timings.push([entry.name, Date.now() - started]);

			expect([0, 1]).toContain(code);
			expect(stdout).not.toMatch(CONTROL);
			expect(stderr).not.toMatch(CONTROL);
			expect(stderr).not.toMatch(INTERNAL);
			const wrote = entry.spec !== undefined && code === 0 ? [path.join(String(i), 'result.json')] : [];
			expect(listing(root)).toEqual([...before, ...wrote].sort());
			expect(readdirSync(process.cwd()).sort()).toEqual(cwdBefore);
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			expect(Object.prototype).not.toHaveProperty('isAdmin');

			const want = entry.expect;
			if ('fails' in want) {
				expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
				expect(err).toHaveLength(1);
				expect(stderr).toMatch(/^footfall: /);
				expect(stderr).toMatch(want.fails);
				expect(stderr).toContain(want.names);
			} else {
				expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
				if ('loads' in want)
					expectLoaded(
						JSON.parse(stdout),
						want.loads,
						entry.files.map((f) => f.name)
					);
				else expectCohorts(JSON.parse(await readFile(path.join(dir, 'result.json'), 'utf8')), want.runs);
			}
			// The engine is still there for the next command.
			const duck = await shared.duck;
			if (duck) expect(await duck.rows('SELECT 42 AS n')).toEqual([{ n: 42 }]);
			await rm(dir, { recursive: true, force: true });
		},
		180_000
	);
});
