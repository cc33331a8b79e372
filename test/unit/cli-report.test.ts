/**
 * `footfall inspect`'s report says what it checked: duplicates "not checked" when dedupe is off (the
 * default without an event id column) rather than 0, `--dedupe row` turning the check on; and rows kept
 * that have no user id said beside the rows kept (README: kept and counted, left out of per-user analyses).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.ts';

let tmp = '';
let file = '';
beforeAll(async () => {
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-cli-report-'));
	file = path.join(tmp, 'repeats.csv');
	// Five rows: line 3 repeats line 2 exactly, line 5 has no user id; no event id column.
	await writeFile(
		file,
		'user,time,event\n' +
			'ann,2025-01-01 10:00:00,view\n' +
			'ann,2025-01-01 10:00:00,view\n' +
			'bob,2025-01-01 10:05:00,view\n' +
			',2025-01-01 11:00:00,view\n' +
			'bob,2025-01-02 10:00:00,buy\n'
	);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('footfall inspect: what the report checked', () => {
	it('dedupe off: duplicates not checked, and how to check them; the row without a user id is said', async () => {
		const r = await runCli('inspect', file);
		expect(r.err).toEqual([]);
		const lines = r.out.join('\n').split('\n');
		expect(lines).toContain(
			'Rows kept:    5 of 5 read; 1 of the events kept has no user id and is left out of per-user analyses'
		);
		expect(lines).toContain(
			'Duplicates:   not checked, every row kept (--dedupe row drops identical rows; --dedupe id repeated event ids)'
		);
		expect(lines).toContain('Users:        2');
	});

	it('--dedupe row drops the exact repeat and says how many', async () => {
		const r = await runCli('inspect', file, '--dedupe', 'row');
		expect(r.err).toEqual([]);
		const lines = r.out.join('\n').split('\n');
		expect(lines).toContain(
			'Rows kept:    4 of 5 read; 1 of the events kept has no user id and is left out of per-user analyses'
		);
		expect(lines).toContain('Duplicates:   1 dropped (identical rows)');
	});

	it('--dedupe takes id, row or none', async () => {
		const r = await runCli('inspect', file, '--dedupe', 'rows');
		expect(r.code).toBe(2);
		expect(r.err.join('\n').split('\n')).toEqual([
			'footfall: --dedupe is id, row or none, not "rows"',
			'Run "footfall --help" for the commands and their options.'
		]);
	});
});
