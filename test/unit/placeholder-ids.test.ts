import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './support/run-cli.ts';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import type { DatasetInput } from '../../src/lib/engine/ingest/index.ts';
import { isPlaceholderId, placeholderSql } from '../../src/lib/sql/placeholders.ts';
import { literal } from '../../src/lib/sql/quote.ts';

const CASE = fileURLToPath(new URL('../fixtures/cases/placeholder-ids/', import.meta.url));

/**
 * The reference, written from SEMANTICS §9 and sharing nothing with the engine: these values, compared
 * case-insensitively after trimming blanks, are no id.
 */
const NOT_IDS = new Set(
	['', 'null', 'NULL', 'undefined', 'None', 'nan', 'NaN', '[object Object]', '\\N', '0', '-1']
		.concat(['anonymous', 'guest', 'true', 'false'])
		.map((v) => v.toLowerCase())
);
const isNoId = (v: string | null) => v === null || NOT_IDS.has(v.trim().toLowerCase());

let duck: Database;
let tmp: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-placeholders-'));
});

async function cli(...argv: string[]) {
	const { code, out, err } = await runCli(...argv);
	return { code, out: out.join('\n'), err };
}

let n = 0;
async function load(name: string, text: string, input: DatasetInput) {
	const file = path.join(tmp, `${n++}-${name}`);
	await writeFile(file, text);
	const core = new EngineCore(duck);
	const report = await core.ingest([await nodeSource(file)], input);
	return { core, report };
}

const users = async () =>
	(
		await duck.rows<{ u: string }>(
			'SELECT DISTINCT __user AS u FROM events WHERE __user IS NOT NULL ORDER BY 1'
		)
	).map((r) => r.u);

describe('the placeholder-ids case (test/fixtures/cases/placeholder-ids)', () => {
	it('inspect: "undefined" links no strangers and "NULL" is no user', async () => {
		const r = await cli('inspect', path.join(CASE, 'events.csv'), '--json');
		expect(r.err).toEqual([]);
		const report = JSON.parse(r.out);
		expect(report.rows).toBe(9);
		expect(report.users).toBe(5);
		expect(report.noUser).toBe(3);
		expect(report.identity).toEqual({
			linkedAnonymousIds: 1,
			mergedRows: 1,
			conflicts: 0,
			conflictExamples: []
		});
		expect(report.placeholders).toEqual([
			{ column: 'anonymousId', role: 'anonymous', value: 'undefined', rows: 5 },
			{ column: 'userId', role: 'user', value: 'NULL', rows: 2 }
		]);
		const { core } = await load('events.csv', await readCase('events.csv'), {});
		expect(core.report!.users).toBe(5);
		expect(await users()).toEqual(['alice', 'anon-m', 'anon-n', 'bob', 'carol']);
	});

	it('daily retention counts no return visit that nobody made', async () => {
		const r = await cli('run', path.join(CASE, 'spec.json'));
		expect(r.err).toEqual([]);
		const cohorts = JSON.parse(r.out).cohorts.map(
			(c: { cohort: string; size: number; values: unknown[] }) => [c.cohort, c.size, c.values]
		);
		expect(cohorts).toEqual([
			['2025-01-06', 2, [2, 0, 0]],
			['2025-01-07', 1, [1, 1, null]],
			['2025-01-08', 2, [2, null, null]]
		]);
	});
});

async function readCase(name: string) {
	const { readFile } = await import('node:fs/promises');
	return readFile(path.join(CASE, name), 'utf8');
}

/** Written ids: every placeholder in odd spellings, and near misses that are real ids. */
const SPELLINGS = [
	'null',
	'NULL',
	'Null',
	' null ',
	'\tundefined',
	'UNDEFINED',
	'None',
	'nan',
	'NaN',
	'[object Object]',
	'[OBJECT OBJECT]',
	'\\N',
	'\\n',
	'0',
	' 0',
	'-1',
	'anonymous',
	'Anonymous ',
	'GUEST',
	'true',
	'False',
	'   '
];
const REAL_IDS = [
	'nullable',
	'nulll',
	'0042',
	'00',
	'-10',
	'1',
	'guest2',
	'none of these',
	'N',
	'\\\\N',
	'0.0',
	'u-1'
];

const csvField = (v: string) => (/[",\n\r\t ]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

describe('placeholder ids (SEMANTICS §9)', () => {
	it('a placeholder user id is no user, in every spelling; near misses stay users', async () => {
		const written = [...SPELLINGS, ...REAL_IDS];
		const rows = written.flatMap((id, i) => [
			[id, `2025-01-0${1 + (i % 9)}T10:00:00Z`, 'open'],
			[id, `2025-01-0${1 + (i % 9)}T11:00:00Z`, 'buy']
		]);
		const text = ['user,time,event', ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
		const { report } = await load('spellings.csv', text, {
			columns: { user: 'user', time: 'time', event: 'event' }
		});
		const expectedUsers = new Set(written.filter((id) => !isNoId(id)));
		expect(report.users).toBe(expectedUsers.size);
		expect(await users()).toEqual([...expectedUsers].sort());
		expect(report.noUser).toBe(2 * written.filter((id) => isNoId(id)).length);
		// Counted per value as written, two rows each; the file's user column still reads as written.
		const expectedCounts = new Map<string, number>();
		for (const id of written.filter(isNoId)) expectedCounts.set(id, (expectedCounts.get(id) ?? 0) + 2);
		expect(new Map(report.placeholders.map((p) => [p.value, p.rows]))).toEqual(expectedCounts);
		expect(report.placeholders.every((p) => p.column === 'user' && p.role === 'user')).toBe(true);
		const asWritten = (
			await duck.rows<{ v: string }>(
				'SELECT DISTINCT "user" AS v FROM events WHERE __user IS NULL ORDER BY 1'
			)
		).map((r) => r.v);
		expect(asWritten).toEqual([...expectedCounts.keys()].sort());
	});

	it('an anonymous id "undefined" never links two users, and anonymous rows with it stay without a user', async () => {
		const lines = ['userId,anonymousId,event,timestamp'];
		// Two signed-in users share the broken anonymous id; three anonymous rows carry it too.
		lines.push('alice,undefined,login,2025-01-06T09:00:00Z', 'bob,undefined,login,2025-01-06T10:00:00Z');
		for (let i = 0; i < 3; i++) lines.push(`,undefined,view,2025-01-07T0${i}:00:00Z`);
		// A real anonymous id still links.
		lines.push('carol,a-1,login,2025-01-07T11:00:00Z', ',a-1,view,2025-01-08T11:00:00Z');
		lines.push(',Guest,view,2025-01-08T12:00:00Z', 'dave," null ",view,2025-01-08T13:00:00Z');
		const { report } = await load('anon.csv', lines.join('\n') + '\n', {
			columns: { user: 'userId', anonymous: 'anonymousId', time: 'timestamp', event: 'event' }
		});
		expect(report.identity).toMatchObject({ linkedAnonymousIds: 1, mergedRows: 1, conflicts: 0 });
		expect(await users()).toEqual(['alice', 'bob', 'carol', 'dave']);
		expect(report.noUser).toBe(4);
		expect(report.placeholders).toEqual([
			{ column: 'anonymousId', role: 'anonymous', value: 'undefined', rows: 5 },
			{ column: 'anonymousId', role: 'anonymous', value: ' null ', rows: 1 },
			{ column: 'anonymousId', role: 'anonymous', value: 'Guest', rows: 1 }
		]);
	});

	it('numeric id columns: 0 and -1 (also as 0.0 and -1.0 in a float column) are no id', async () => {
		const records = [
			{ uid: 17850, fid: 17850.0, t: '2025-01-01T10:00:00Z' },
			{ uid: 0, fid: 0.0, t: '2025-01-01T11:00:00Z' },
			{ uid: -1, fid: -1.0, t: '2025-01-01T12:00:00Z' },
			{ uid: 12, fid: 3.5, t: '2025-01-01T13:00:00Z' },
			{ uid: 10, fid: -10.0, t: '2025-01-01T14:00:00Z' }
		];
		const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
		for (const [column, expected] of [
			['uid', ['10', '12', '17850']],
			['fid', ['-10', '17850', '3.5']]
		] as const) {
			const { report } = await load('numbers.jsonl', text, {
				columns: { user: column, time: 't', event: null }
			});
			expect(await users()).toEqual([...expected]);
			expect(report.noUser).toBe(2);
			expect(report.placeholders.map((p) => [p.value, p.rows])).toEqual([
				['-1', 1],
				['0', 1]
			]);
		}
	});

	it('the SQL test and isPlaceholderId agree with the reference on every spelling', async () => {
		const values = [...SPELLINGS, ...REAL_IDS, 'nan ', '\r\nnone\r\n', '[object object] ', '-1 ', '−1'];
		const sql = await duck.rows<{ v: string; p: boolean }>(
			`SELECT v, ${placeholderSql('v')} AS p FROM (VALUES ${values.map((v) => `(${literal(v)})`).join(', ')}) t(v)`
		);
		for (const { v, p } of sql) {
			expect([v, p]).toEqual([v, isNoId(v)]);
			expect([v, isPlaceholderId(v)]).toEqual([v, isNoId(v)]);
		}
	});
});
