import Papa from 'papaparse';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { constants, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun as Run } from './support/run-cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = path.join(ROOT, 'test/fixtures');
const POSTHOG = path.join(FIXTURES, 'vendors/posthog.csv');
const RETAIL = path.join(ROOT, 'test/fixtures/data/online-retail/online_retail.csv.gz');
// Computed by test/reference/retention_reference.py from the raw file with Python's csv module.
const retail = JSON.parse(readFileSync(path.join(FIXTURES, 'expected/online-retail.json'), 'utf8')) as {
	rows: number;
	customers: number;
	first: string;
	last: string;
};

const cli = runCli;

/** A failure a person can read: exit 1, nothing on stdout, one line on stderr. */
function expectOneLineError(r: Run, ...parts: string[]) {
	expect(r.code).toBe(1);
	expect(r.out).toEqual([]);
	expect(r.err).toHaveLength(1);
	expect(r.err[0]).not.toContain('\n');
	expect(r.err[0]).toMatch(/^footfall: /);
	for (const p of parts) expect(r.err[0]).toContain(p);
}

const posthog = Papa.parse<Record<string, string>>(readFileSync(POSTHOG, 'utf8'), {
	header: true,
	skipEmptyLines: true
}).data;
const isoOf = (text: string) => new Date(text).toISOString();
const distinct = (values: string[]) => new Set(values.filter((v) => v !== '')).size;

let tmp: string;
beforeAll(async () => {
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-cli-'));
});
afterAll(async () => {
	await rm(tmp, { recursive: true, force: true });
});

describe('the footfall binary', () => {
	it('inspect --json on Online Retail prints the report, as `npx footfall` runs it', async () => {
		const { stdout, stderr } = await promisify(execFile)(
			process.execPath,
			['src/cli/footfall.js', 'inspect', path.relative(ROOT, RETAIL), '--json'],
			{ cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 }
		);
		expect(stderr).toBe('');
		const report = JSON.parse(stdout) as Record<string, unknown>;
		for (const key of [
			'rows',
			'users',
			'events',
			'duplicates',
			'rejected',
			'firstTime',
			'lastTime',
			'mapping',
			'columns'
		]) {
			expect(report).toHaveProperty(key);
		}
		expect(report.rows).toBe(retail.rows);
		expect(report.users).toBe(retail.customers);
		expect(report.firstTime).toBe(isoOf(retail.first + 'Z'));
		expect(report.lastTime).toBe(isoOf(retail.last + 'Z'));
		expect(report.rejected).toBe(0);
		// No event id in this file, so nothing is de-duplicated and every row is the one event "event".
		expect(report.duplicates).toBe(0);
		expect(report.events).toBe(1);
		expect(report.mapping).toMatchObject({ user: 'CustomerID', time: 'InvoiceDate', event: null });
		// The header line, from the first gzip block alone.
		const head = gunzipSync(readFileSync(RETAIL).subarray(0, 65_536), {
			finishFlush: constants.Z_SYNC_FLUSH
		});
		const header = head.toString('latin1').split(/\r?\n/)[0].split(',');
		expect((report.columns as { name: string }[]).map((c) => c.name)).toEqual(header);
	}, 300_000);
});

describe('footfall inspect', () => {
	it('--map overrides the guessed columns and keeps the guess for the rest', async () => {
		const r = await cli('inspect', POSTHOG, '--map', 'user=distinct_id,time=created_at', '--json');
		expect(r.err).toEqual([]);
		expect(r.code).toBe(0);
		const report = JSON.parse(r.out.join('\n'));
		expect(report.mapping).toMatchObject({
			user: 'distinct_id',
			time: 'created_at',
			event: 'event',
			id: 'uuid'
		});
		expect(report.rows).toBe(posthog.length);
		expect(report.users).toBe(distinct(posthog.map((p) => p.distinct_id)));
		const created = posthog.map((p) => Date.parse(p.created_at));
		expect(report.firstTime).toBe(new Date(Math.min(...created)).toISOString());
		expect(report.lastTime).toBe(new Date(Math.max(...created)).toISOString());
	});

	it('prints a readable report with the key lines', async () => {
		const r = await cli('inspect', POSTHOG);
		expect(r.err).toEqual([]);
		expect(r.code).toBe(0);
		const lines = r.out.join('\n').split('\n');
		const times = posthog.map((p) => Date.parse(p.timestamp));
		const n = posthog.length;
		expect(lines).toContain(`Files:        posthog.csv (csv, utf-8, ${n} rows)`);
		expect(lines).toContain('Layout:       posthog');
		expect(lines).toContain(
			'Mapping:      user=person_id, time=timestamp, event=event, id=uuid, session=$session_id'
		);
		expect(lines).toContain(`Rows kept:    ${n} of ${n} read`);
		// The uuid column is mapped, so repeated event ids were looked for (none in this export).
		expect(lines).toContain('Duplicates:   0 dropped (repeated event ids)');
		expect(lines).toContain('Rejected:     0');
		expect(lines).toContain(`Users:        ${distinct(posthog.map((p) => p.person_id))}`);
		expect(lines).toContain(`Event names:  ${distinct(posthog.map((p) => p.event))}`);
		expect(lines).toContain(
			`Time range:   ${new Date(Math.min(...times)).toISOString()} to ${new Date(Math.max(...times)).toISOString()} (UTC)`
		);
		const counts = new Map<string, number>();
		for (const p of posthog) counts.set(p.event, (counts.get(p.event) ?? 0) + 1);
		const [topName, topCount] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
		expect(lines[lines.indexOf('Top events:') + 1]).toBe(`  ${String(topCount).padStart(10)}  ${topName}`);
	});

	it('a missing file: exit 1 and a one-line message naming it', async () => {
		expectOneLineError(await cli('inspect', 'no-such-export.csv'), 'no-such-export.csv: no such file');
	});

	it('a PNG: exit 1, says it is not an export', async () => {
		expectOneLineError(
			await cli('inspect', path.join(FIXTURES, 'not-an-export.png')),
			'not-an-export.png',
			'not a CSV, JSON or Parquet export'
		);
	});

	it('a mapping to a column that does not exist: exit 1, names the column', async () => {
		expectOneLineError(
			await cli('inspect', POSTHOG, '--map', 'user=customer'),
			'The user column "customer" is not in the file'
		);
	});

	it('bad usage exits 2 with the error and one line pointing to --help, not the whole help', async () => {
		const unknown = await cli('frobnicate', POSTHOG);
		expect(unknown.code).toBe(2);
		expect(unknown.out).toEqual([]);
		expect(unknown.err.join('\n').split('\n')).toEqual([
			'footfall: unknown command "frobnicate"',
			'Run "footfall --help" for the commands and their options.'
		]);

		const flag = await cli('inspect', POSTHOG, '--jsn');
		expect(flag.code).toBe(2);
		expect(flag.err.join('\n')).toMatch(/^footfall: unknown option --jsn\n/);

		const role = await cli('inspect', POSTHOG, '--map', 'usr=distinct_id');
		expect(role.code).toBe(2);
		expect(role.err.join('\n')).toContain('"usr" is not a role');

		const none = await cli('inspect');
		expect(none.code).toBe(2);
		expect(none.err.join('\n')).toContain('inspect needs at least one FILE');

		const help = await cli('--help');
		expect(help.code).toBe(0);
		expect(help.out.join('\n')).toContain('Usage:');
	});
});

describe('footfall run', () => {
	const spec = (analysis: Record<string, unknown>) => ({
		dataset: {
			// Relative to the spec file, as SEMANTICS says.
			files: [path.relative(tmp, POSTHOG)],
			columns: { user: 'person_id', time: 'timestamp', event: 'event', id: 'uuid' }
		},
		analysis
	});

	async function specFile(name: string, content: unknown): Promise<string> {
		const file = path.join(tmp, name);
		await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
		return file;
	}

	/** SEMANTICS §2 by hand: first-time weekly retention, Monday weeks in UTC, any event starts and returns. */
	function weeklyRetention(periods: number) {
		const week = (t: number) => {
			const d = new Date(t);
			return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
		};
		const byUser = new Map<string, number[]>();
		for (const p of posthog)
			byUser.set(p.person_id, [...(byUser.get(p.person_id) ?? []), Date.parse(p.timestamp)]);
		const last = Math.max(...posthog.map((p) => Date.parse(p.timestamp)));
		const cohorts = new Map<number, Set<string>[]>();
		for (const [user, times] of byUser) {
			const c = week(Math.min(...times));
			const row = cohorts.get(c) ?? Array.from({ length: periods }, () => new Set<string>());
			for (const t of times) {
				const k = Math.round((week(t) - c) / (7 * 86_400_000));
				if (k < periods) row[k].add(user);
			}
			cohorts.set(c, row);
		}
		return {
			period: 'week',
			cohorts: [...cohorts]
				.sort((a, b) => a[0] - b[0])
				.map(([c, row]) => ({
					cohort: new Date(c).toISOString().slice(0, 10),
					size: row[0].size,
					values: row.map((users, k) => (c + k * 7 * 86_400_000 > last ? null : users.size))
				}))
		};
	}

	it('--out FILE writes the result, the same JSON it prints without --out', async () => {
		const file = await specFile('weekly.json', spec({ kind: 'retention', period: 'week', periods: 3 }));
		const outFile = path.join(tmp, 'result.json');
		const written = await cli('run', file, '--out', outFile);
		expect(written.err).toEqual([]);
		expect(written.code).toBe(0);
		expect(written.out).toEqual([]);
		const result = JSON.parse(await readFile(outFile, 'utf8'));
		const want = weeklyRetention(3);
		expect(want.cohorts.length).toBeGreaterThan(1);
		expect(want.cohorts.some((c) => c.values.includes(null))).toBe(true);
		expect(result).toEqual(want);

		const printed = await cli('run', file, '--json');
		expect(printed.code).toBe(0);
		expect(JSON.parse(printed.out.join('\n'))).toEqual(result);
	});

	it('a spec with an unknown field: exit 1, names the field', async () => {
		const file = await specFile('typo.json', spec({ kind: 'retention', period: 'week', perods: 3 }));
		expectOneLineError(await cli('run', file), 'analysis.perods');
	});

	it('a spec that is not JSON: exit 1, says so', async () => {
		const file = await specFile('broken.json', '{ "dataset": { "files": [');
		expectOneLineError(await cli('run', file), 'broken.json', 'not valid JSON');
	});

	it('a spec whose data file is missing: exit 1, names the file', async () => {
		const content = spec({ kind: 'retention' });
		content.dataset.files = ['gone.csv'];
		const file = await specFile('gone.json', content);
		expectOneLineError(await cli('run', file), 'gone.csv: no such file');
	});

	it('a missing spec file: exit 1, no stack trace', async () => {
		expectOneLineError(await cli('run', path.join(tmp, 'nope.json')), 'nope.json: no such file');
	});
});
