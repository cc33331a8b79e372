import { beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import type { DatasetInput } from '../../src/lib/engine/ingest/types.ts';
import { loadCsv } from './support/load-csv.ts';
import { buildWorkspaceFile, type ShareSource } from '../../src/lib/workspace/share/export.ts';
import { serialiseWorkspaceFile } from '../../src/lib/workspace/share/format.ts';
import { parseWorkspaceFile } from '../../src/lib/workspace/share/validate.ts';
import { unpackFiles } from '../../src/lib/workspace/share/data.ts';
import { newSalt } from '../../src/lib/workspace/share/anonymise.ts';
import { ShareError } from '../../src/lib/workspace/share/guard.ts';

// A made-up shop: 24 users with e-mail-like ids (so no other value can contain one), over 8 days in UTC.
// User i is active on day d when (i + d) % (i % 4 + 1) === 0: 8 to 19 users a day.
const DAYS = Array.from({ length: 8 }, (_, d) => `2026-03-0${d + 1}`);
const USERS = Array.from({ length: 24 }, (_, i) => `shopper-${String(i).padStart(2, '0')}@example.org`);
const rows: { user: string; day: string; event: string; email: string; plan: string }[] = [];
USERS.forEach((user, i) =>
	DAYS.forEach((day, d) => {
		if ((i + d) % ((i % 4) + 1) === 0)
			rows.push({
				user,
				day,
				event: d % 2 ? 'purchase' : 'view',
				email: `private-${i}@mail.test`,
				plan: i % 3 ? 'free' : 'pro'
			});
	})
);
const CSV =
	'user_id,ts,event,email,plan\n' +
	rows.map((r) => `${r.user},${r.day}T12:00:00Z,${r.event},${r.email},${r.plan}`).join('\n') +
	'\n';
const INPUT: DatasetInput = {
	columns: { user: 'user_id', time: 'ts', event: 'event' },
	timezone: 'UTC',
	filters: [{ column: 'user_id', op: '!=', value: USERS[23] }]
};
const KEPT = rows.filter((r) => r.user !== USERS[23]);

/** Distinct users per day, straight from the rows (no engine code). */
function usersPerDay(): number[] {
	return DAYS.map((day) => new Set(KEPT.filter((r) => r.day === day).map((r) => r.user)).size);
}

const TREND = { kind: 'trend', measure: 'users', period: 'day' } as const;
const SEGMENT = { kind: 'segment', rule: { users: USERS.slice(0, 3) } } as const;

let duck: Database;
let source: ShareSource;
beforeAll(async () => {
	duck = await createNodeDuck();
	const core = await loadCsv(duck, CSV, INPUT);
	const spec = (s: object) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
	source = {
		name: 'Shop',
		dataset: {
			label: 'events.csv',
			files: [{ name: 'events.csv', size: CSV.length, lastModified: 1, type: 'text/csv' }],
			input: INPUT,
			fingerprint: core.fingerprint
		},
		mapping: core.report!.mapping,
		segments: [{ id: 's1', name: 'First three', rule: { users: USERS.slice(0, 3) } }],
		analyses: [
			{
				id: 'a1',
				title: 'Daily users',
				spec: spec(TREND),
				segmentId: null,
				compare: false,
				view: {},
				pinned: true,
				order: 0,
				result: await core.result(TREND)
			},
			{
				id: 'a2',
				title: 'Three',
				spec: spec(SEGMENT),
				segmentId: null,
				compare: false,
				view: {},
				pinned: false,
				order: 1,
				result: await core.result(SEGMENT)
			}
		],
		dashboardScope: null,
		files: [new File([CSV], 'events.csv', { type: 'text/csv', lastModified: 1 })]
	};
});

function points(result: unknown): (number | null)[] {
	return (result as { series: { points: { value: number | null }[] }[] }).series[0].points.map(
		(p) => p.value
	);
}

describe('export and import', () => {
	test('the engine agrees with the reference before anything is shared', () => {
		expect(points(source.analyses[0].result)).toEqual(usersPerDay());
		expect(usersPerDay()).toEqual([8, 19, 8, 14, 8, 19, 8, 14]);
	});

	test('without anonymisation the file carries the results as computed and the data byte for byte', async () => {
		const text = serialiseWorkspaceFile(
			await buildWorkspaceFile(source, { includeData: true, hashIds: false, dropColumns: [], k: null })
		);
		const back = parseWorkspaceFile(text);
		expect(points(back.analyses[0].result)).toEqual(usersPerDay());
		expect(back.analyses[1].result).toMatchObject({ users: 3, sample: USERS.slice(0, 3) });
		const [file] = await unpackFiles(back.data!.files);
		expect(await file.text()).toBe(CSV);
	});

	test('anonymised: no raw user id or dropped value anywhere, no cell under k, the salt never written', async () => {
		const salt = newSalt();
		const k = 10;
		const text = serialiseWorkspaceFile(
			await buildWorkspaceFile(source, { includeData: true, hashIds: true, dropColumns: ['email'], k, salt })
		);
		const back = parseWorkspaceFile(text);
		const [data] = await unpackFiles(back.data!.files);
		const csv = await data.text();
		for (const bytes of [text, csv]) {
			for (const u of USERS) expect(bytes.includes(u), u).toBe(false);
			expect(bytes).not.toMatch(/private-\d+@mail\.test/);
			const hex = Array.from(salt, (b) => b.toString(16).padStart(2, '0')).join('');
			expect(bytes.includes(hex)).toBe(false);
			expect(bytes.includes(btoa(String.fromCharCode(...salt)))).toBe(false);
		}
		expect(csv.split('\n')[0]).toBe('user_id,ts,event,plan');
		// Every cell of the carried trend is blank or at least k, and equals the reference where it is kept.
		const expected = usersPerDay().map((n) => (n < k ? null : n));
		expect(points(back.analyses[0].result)).toEqual(expected);
		expect(expected).toContain(null);
		// The segment's user list is a list of one-user cells: left out under k; its size of 3 is under k.
		expect(back.analyses[1].result).toEqual({ users: null, share: null, sample: [] });
		expect(back.anonymisation).toEqual({ hashedIds: true, droppedColumns: ['email'], k });
	});

	test('imported with its data, the analyses re-run to the same numbers (ids hashed alike in data and specs)', async () => {
		const text = serialiseWorkspaceFile(
			await buildWorkspaceFile(source, {
				includeData: true,
				hashIds: true,
				dropColumns: ['email'],
				k: null,
				salt: newSalt()
			})
		);
		const back = parseWorkspaceFile(text);
		const dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-share-'));
		try {
			const files = await unpackFiles(back.data!.files);
			const p = path.join(dir, files[0].name);
			await writeFile(p, new Uint8Array(await files[0].arrayBuffer()));
			const core = new EngineCore(duck);
			await core.ingest([await nodeSource(p)], back.dataset!.input);
			expect(core.report!.rows).toBe(KEPT.length);
			expect(points(await core.result(back.analyses[0].spec as never))).toEqual(usersPerDay());
			// The fixed user list was hashed with the same salt as the data: it still finds its three users.
			const seg = (await core.result(back.analyses[1].spec as never)) as { users: number; sample: string[] };
			expect(seg.users).toBe(3);
			expect([...seg.sample].sort()).toEqual(
				[...(back.analyses[1].result as { sample: string[] }).sample].sort()
			);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});

	test('options that cannot be honoured are refused, naming what to change', async () => {
		const opts = { includeData: false, hashIds: false, dropColumns: ['user_id'], k: null };
		await expect(buildWorkspaceFile(source, opts)).rejects.toThrow(
			/user column of the mapping.*hash the ids instead/
		);
		await expect(buildWorkspaceFile(source, { ...opts, dropColumns: [], k: 1 })).rejects.toBeInstanceOf(
			ShareError
		);
		await expect(buildWorkspaceFile(source, { ...opts, dropColumns: [], hashIds: true })).rejects.toThrow(
			/salt/
		);
	});

	test('a result grouped by a dropped column is not carried (its values would show)', async () => {
		const bySource = {
			...source,
			analyses: [{ ...source.analyses[0], spec: { ...source.analyses[0].spec, breakdown: 'email' } }]
		};
		const f = await buildWorkspaceFile(bySource, {
			includeData: false,
			hashIds: false,
			dropColumns: ['email'],
			k: null
		});
		expect(f.analyses[0].result).toBeNull();
		expect(f.analyses[0].note).toMatch(/dropped column/);
		expect(serialiseWorkspaceFile(f)).not.toMatch(/private-\d+@mail\.test/);
	});
});
