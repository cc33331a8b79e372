/**
 * Paths with the fields every analysis accepts (SEMANTICS §1b) over the per-session lists (session_events):
 * `dateRange` and `segment`, against the independent reference (test/unit/support/paths-reference.ts) whose
 * calendar days come from the platform's Intl (no engine code), in UTC and in New York across a clock change;
 * a session crossing the range's edge worked out by hand; and the lists rebuilt when another dataset loads or
 * the dataset is remapped (no stale lists).
 *
 * The rule pinned here (README, Paths): sessions are split over all events, then events outside the range are
 * cut from them, as PostHog's paths query filters events by the date range before reading sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { referencePaths, type RefRow, type RefSpec } from '../../../../test/unit/support/paths-reference.ts';
import type { PathsResult, PathsSpecInput } from './spec.ts';

const DAY = 86_400_000;
let duck: Database;
let dir: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-paths-scope-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function write(rows: RefRow[], name: string): Promise<string> {
	const file = path.join(dir, name);
	const lines = rows.map((r) => `${r.user},${new Date(r.t).toISOString()},${r.event}`);
	await writeFile(file, ['user,time,event', ...lines].join('\n') + '\n');
	return file;
}

const COLUMNS = { user: 'user', time: 'time', event: 'event' };

async function run(core: EngineCore, spec: Omit<PathsSpecInput, 'kind'>): Promise<PathsResult> {
	return (await core.result({ kind: 'paths', ...spec })) as PathsResult;
}

const key = (x: { id?: string; source?: string; target?: string }) => x.id ?? `${x.source}\u0001${x.target}`;
const sorted = <T extends { id?: string; source?: string; target?: string }>(xs: T[]) =>
	[...xs].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const comparable = (r: PathsResult) => ({
	paths: r.paths,
	users: r.users,
	nodes: sorted(r.nodes),
	links: sorted(r.links)
});

/** The calendar day of `t` (UTC ms) in `zone`, from the platform's Intl: 'YYYY-MM-DD'. */
function dayIn(t: number, zone: string): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone: zone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(new Date(t));
}

/** `day` moved by `n` calendar days. */
function shift(day: string, n: number): string {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d) + n * DAY).toISOString().slice(0, 10);
}

describe('a session crossing the edge of the date range (worked out by hand)', () => {
	it('keeps only its events inside the range', async () => {
		const at = (user: string, iso: string, event: string): RefRow => ({ user, t: Date.parse(iso), event });
		// x: one session 23:50 → 00:10 across midnight UTC; y: one session on 3 March only.
		const rows = [
			at('x', '2025-03-02T23:50:00Z', 'view'),
			at('x', '2025-03-02T23:55:00Z', 'cart'),
			at('x', '2025-03-03T00:05:00Z', 'view'),
			at('x', '2025-03-03T00:10:00Z', 'buy'),
			at('y', '2025-03-03T10:00:00Z', 'view'),
			at('y', '2025-03-03T10:01:00Z', 'help')
		];
		const core = new EngineCore(duck);
		await core.ingest([await nodeSource(await write(rows, 'edge.csv'))], { columns: COLUMNS });
		const all = await run(core, { startEvent: 'view', depth: 4 });
		// Without a range x runs view → cart → view → buy.
		expect(all.nodes.find((n) => n.id === '1:cart')).toMatchObject({ users: 1 });
		expect(all.nodes.find((n) => n.id === '3:buy')).toMatchObject({ users: 1 });

		const march3 = { dateRange: { from: '2025-03-03', to: '2025-03-03' }, startEvent: 'view', depth: 4 };
		const cut = await run(core, march3);
		// 3 March: x's session starts at its 00:05 view, then buy; y: view → help.
		expect([cut.paths, cut.users]).toEqual([2, 2]);
		expect(cut.nodes.find((n) => n.id === '1:buy')).toMatchObject({ users: 1, events: 1 });
		expect(cut.nodes.find((n) => n.id === '1:cart')).toBeUndefined();
		expect(cut.nodes.some((n) => n.step >= 2)).toBe(false);

		// 2 March: x's session has no buy inside the range, so no path ends there.
		const before = await run(core, {
			dateRange: { from: '2025-03-02', to: '2025-03-02' },
			endEvent: 'buy',
			depth: 4
		});
		expect([before.paths, before.users]).toEqual([0, 0]);
		// The same with the reference: its own sessions, its own calendar.
		const keep = (r: RefRow) => dayIn(r.t, 'UTC') === '2025-03-03';
		expect(comparable(cut)).toEqual(referencePaths(rows, { startEvent: 'view', depth: 4, topN: 5, keep }));
	});
});

/**
 * Events of 70 users over 2025-03-07..12 (New York's clocks go forward on 9 March), bunched around local
 * and UTC midnight, with gaps near 30 minutes so sessions cross the day edges.
 */
function generated(seed: number, names: string[]): RefRow[] {
	const rand = mulberry32(seed);
	const rows: RefRow[] = [];
	for (let u = 0; u < 70; u++) {
		const midnight = Date.UTC(2025, 2, 7 + Math.floor(rand() * 5), rand() < 0.5 ? 0 : 5);
		let t = midnight - Math.floor(rand() * 3 * 3_600_000);
		for (let k = 2 + Math.floor(rand() * 30); k > 0; k--) {
			t +=
				rand() < 0.1 ? 0 : rand() < 0.15 ? 29 * 60_000 + Math.floor(rand() * 2) * 60_000 : rand() * 600_000;
			rows.push({ user: `u${u}`, t: Math.floor(t), event: names[Math.floor(rand() * names.length)] });
		}
	}
	return rows.sort((a, b) => a.t - b.t);
}

const NAMES = ['view', 'view', 'cart', 'search', 'buy', 'help'];

describe('paths with a date range and a segment equal the reference', () => {
	for (const zone of ['UTC', 'America/New_York']) {
		it(`in ${zone}`, async () => {
			const rows = generated(zone === 'UTC' ? 11 : 12, NAMES);
			const core = new EngineCore(duck);
			const file = await write(rows, `gen-${zone.replace('/', '-')}.csv`);
			await core.ingest([await nodeSource(file)], { columns: COLUMNS, timezone: zone });
			const lastDay = dayIn(rows[rows.length - 1].t, zone);
			const buyers = new Set(rows.filter((r) => r.event === 'buy').map((r) => r.user));
			const some = Array.from({ length: 30 }, (_, i) => `u${2 * i + 1}`);
			const inDays = (from: string, to: string) => (r: RefRow) => {
				const d = dayIn(r.t, zone);
				return d >= from && d <= to;
			};
			const cases: [Omit<PathsSpecInput, 'kind'>, RefSpec][] = [
				[
					{ dateRange: { from: '2025-03-09', to: '2025-03-10' }, startEvent: 'view', depth: 5, topN: 3 },
					{ startEvent: 'view', depth: 5, topN: 3, keep: inDays('2025-03-09', '2025-03-10') }
				],
				[
					{ dateRange: { last: 2, unit: 'day' }, endEvent: 'buy', depth: 4, topN: 2 },
					{ endEvent: 'buy', depth: 4, topN: 2, keep: inDays(shift(lastDay, -1), lastDay) }
				],
				[
					{ segment: { rule: { did: 'buy' } }, depth: 5, topN: 4, exclude: ['help'] },
					{ depth: 5, topN: 4, exclude: ['help'], keep: (r) => buyers.has(r.user!) }
				],
				[
					{
						segment: { users: some },
						dateRange: { from: '2025-03-08', to: '2025-03-09' },
						startEvent: 'view',
						depth: 6,
						topN: 5
					},
					{
						startEvent: 'view',
						depth: 6,
						topN: 5,
						keep: (r) => some.includes(r.user!) && inDays('2025-03-08', '2025-03-09')(r)
					}
				]
			];
			for (const [spec, ref] of cases) {
				const want = referencePaths(rows, ref);
				expect(want.paths).toBeGreaterThan(3);
				expect(comparable(await run(core, spec))).toEqual(want);
			}
			// The range cuts some session across its edge in this data, or the test would not test it.
			const keep = inDays('2025-03-09', '2025-03-10');
			const cutSessions = rows.some((r, i) => {
				const n = rows.find((s, j) => j > i && s.user === r.user);
				return n !== undefined && n.t - r.t <= 30 * 60_000 && keep(r) !== keep(n);
			});
			expect(cutSessions).toBe(true);
		});
	}
});

describe('no stale session lists', () => {
	it('rebuilds them when another dataset loads and when the dataset is remapped', async () => {
		const core = new EngineCore(duck);
		const first = generated(31, ['view', 'cart', 'buy']);
		await core.ingest([await nodeSource(await write(first, 'first.csv'))], { columns: COLUMNS });
		const spec = { startEvent: 'view', depth: 4, topN: 3 };
		expect(comparable(await run(core, spec))).toEqual(referencePaths(first, spec));

		// Other users, other names, in the same engine: nothing of the first dataset's lists may remain.
		const second = generated(32, ['view', 'search', 'help', 'pay']).map((r) => ({
			...r,
			user: `w${r.user}`
		}));
		await core.ingest([await nodeSource(await write(second, 'second.csv'))], { columns: COLUMNS });
		const now = await run(core, spec);
		expect(comparable(now)).toEqual(referencePaths(second, spec));
		expect(now.nodes.some((n) => n.name === 'cart' || n.name === 'buy')).toBe(false);

		// The same file read in New York: the lists' local times must follow, or this range reads UTC days.
		const ranged = { ...spec, dateRange: { from: '2025-03-09', to: '2025-03-09' } };
		const utc = await run(core, ranged);
		await core.remap({ columns: COLUMNS, timezone: 'America/New_York' });
		const ny = await run(core, ranged);
		const keep = (r: RefRow) => dayIn(r.t, 'America/New_York') === '2025-03-09';
		expect(comparable(ny)).toEqual(referencePaths(second, { ...spec, keep }));
		expect(comparable(ny)).not.toEqual(comparable(utc));
	});
});
