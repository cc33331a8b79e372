/**
 * The dashboard's date range and segment in a workspace file (issue 13: "specs and layout always travel").
 * The fault pinned here: the exported file carried the analyses and their dashboard order but not the
 * dashboard's scope, so the imported dashboard opened on every day and all users, with other numbers.
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, test } from 'vitest';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import type { EngineCore } from '../../src/lib/engine/core.ts';
import { loadCsv } from './support/load-csv.ts';
import { buildWorkspaceFile, type ShareSource } from '../../src/lib/workspace/share/export.ts';
import { serialiseWorkspaceFile } from '../../src/lib/workspace/share/format.ts';
import { parseWorkspaceFile } from '../../src/lib/workspace/share/validate.ts';
import { ShareError } from '../../src/lib/workspace/share/guard.ts';
import { unpackFiles } from '../../src/lib/workspace/share/data.ts';
import { newSalt } from '../../src/lib/workspace/share/anonymise.ts';
import { importWorkspace } from '../../src/lib/workspace/share/store.ts';
import { FootfallDb } from '../../src/lib/workspace/db.ts';
import { IndexedDbKeeper } from '../../src/lib/workspace/keep-files.ts';
import { WorkspaceStore } from '../../src/lib/workspace/workspaces.ts';
import { DexieSegmentStore } from '../../src/lib/workspace/segments.ts';
import { readStoredScope } from '../../src/lib/analyses/dashboard-scope.ts';
import { tileSpec } from '../../src/lib/analyses/dashboard.ts';

// Ten users over five days; user i is active on day d when (i + d) % 3 !== 0.
const DAYS = ['2026-04-01', '2026-04-02', '2026-04-03', '2026-04-04', '2026-04-05'];
const USERS = Array.from({ length: 10 }, (_, i) => `person-${i}@example.org`);
const ROWS = USERS.flatMap((u, i) => DAYS.filter((_, d) => (i + d) % 3 !== 0).map((day) => ({ u, day })));
const CSV = 'user_id,ts,event\n' + ROWS.map((r) => `${r.u},${r.day}T09:00:00Z,visit`).join('\n') + '\n';
const LIST = USERS.slice(0, 4);
const RANGE = { from: '2026-04-02', to: '2026-04-04' };
const TREND = { kind: 'trend', measure: 'users', period: 'day' };

/** Distinct users of LIST per day within RANGE, straight from the rows. */
const EXPECTED = DAYS.filter((d) => d >= RANGE.from && d <= RANGE.to).map(
	(d) => new Set(ROWS.filter((r) => r.day === d && LIST.includes(r.u)).map((r) => r.u)).size
);

let core: EngineCore;
let source: ShareSource;
beforeAll(async () => {
	core = await loadCsv(await createNodeDuck(), CSV, {
		columns: { user: 'user_id', time: 'ts', event: 'event' },
		timezone: 'UTC'
	});
	source = {
		name: 'Visits',
		dataset: {
			label: 'visits.csv',
			files: [{ name: 'visits.csv', size: CSV.length, lastModified: 1, type: 'text/csv' }],
			input: { columns: { user: 'user_id', time: 'ts', event: 'event' }, timezone: 'UTC' },
			fingerprint: core.fingerprint
		},
		mapping: core.report!.mapping,
		segments: [{ id: 'seg-1', name: 'First four', rule: { users: LIST } }],
		analyses: [
			{
				id: 'a1',
				title: 'Daily visitors',
				spec: TREND,
				segmentId: null,
				compare: false,
				view: {},
				pinned: true,
				order: 0,
				result: await core.result(TREND as never)
			}
		],
		dashboardScope: { dateRange: RANGE, segmentId: 'seg-1', compare: true },
		files: [new File([CSV], 'visits.csv', { type: 'text/csv', lastModified: 1 })]
	};
});

const plain = { includeData: false, hashIds: false, dropColumns: [], k: null };
const points = (r: unknown) =>
	(r as { series: { points: { value: number }[] }[] }).series[0].points.map((p) => p.value);

/** A tile's numbers: its spec with the file's dashboard scope and segment rule, run on `on`. */
async function tile(on: EngineCore, file: ReturnType<typeof parseWorkspaceFile>) {
	const scope = file.dashboardScope!;
	const rule = file.segments.find((s) => s.id === scope.segmentId)!.rule;
	const spec = tileSpec(file.analyses[0].spec, { dateRange: scope.dateRange, segment: { rule } });
	return points(await on.result(spec as never));
}

describe('the dashboard scope in a workspace file', () => {
	test('it travels: exported, read back, the tile runs to the numbers counted from the rows', async () => {
		const back = parseWorkspaceFile(serialiseWorkspaceFile(await buildWorkspaceFile(source, plain)));
		expect(back.dashboardScope).toEqual({ dateRange: RANGE, segmentId: 'seg-1', compare: true });
		expect(EXPECTED).toEqual([3, 3, 2]);
		expect(await tile(core, back)).toEqual(EXPECTED);
	});

	test('anonymised: the segment it names is hashed as the data is, the date range is kept as chosen', async () => {
		const f = await buildWorkspaceFile(source, {
			...plain,
			includeData: true,
			hashIds: true,
			salt: newSalt()
		});
		const text = serialiseWorkspaceFile(f);
		for (const u of USERS) expect(text.includes(u), u).toBe(false);
		const back = parseWorkspaceFile(text);
		expect(back.dashboardScope).toEqual({ dateRange: RANGE, segmentId: 'seg-1', compare: true });
		const csv = await unpackFiles(back.data!.files);
		const hashed = await loadCsv(await createNodeDuck(), await csv[0].text(), back.dataset!.input);
		expect(await tile(hashed, back)).toEqual(EXPECTED);
	});

	test('a segment deleted since it was chosen is left out at export: all users, no compare', async () => {
		const f = await buildWorkspaceFile({ ...source, segments: [] }, plain);
		expect(f.dashboardScope).toEqual({ dateRange: RANGE, segmentId: null, compare: false });
		expect((await buildWorkspaceFile({ ...source, dashboardScope: null }, plain)).dashboardScope).toBeNull();
	});

	test('read as untrusted input: every field checked by name; an unknown segment dropped without error', async () => {
		const good = JSON.parse(serialiseWorkspaceFile(await buildWorkspaceFile(source, plain)));
		const read = (scope: unknown) => parseWorkspaceFile(JSON.stringify({ ...good, dashboardScope: scope }));
		const refused = (scope: unknown): ShareError => {
			try {
				read(scope);
			} catch (e) {
				if (e instanceof ShareError) return e;
				throw e;
			}
			throw new Error('accepted a scope it should refuse');
		};
		const cases: [unknown, string, RegExp][] = [
			['last week', 'dashboardScope', /must be an object/],
			[{ dateRange: null, segmentId: null }, 'dashboardScope.compare', /missing/],
			[
				{ dateRange: null, segmentId: null, compare: false, url: 'http://x' },
				'dashboardScope.url',
				/not a field/
			],
			[
				{ dateRange: { from: '2026-04-09', to: '2026-04-01' }, segmentId: null, compare: false },
				'dashboardScope.dateRange',
				/not be after/
			],
			[
				{ dateRange: { last: -3, unit: 'day' }, segmentId: null, compare: false },
				'dashboardScope.dateRange.last',
				/whole number/
			],
			[
				{ dateRange: { last: 3, unit: 'year' }, segmentId: null, compare: false },
				'dashboardScope.dateRange.unit',
				/./
			],
			[
				{ dateRange: null, segmentId: "x'; DROP TABLE events", compare: false },
				'dashboardScope.segmentId',
				/letters, digits/
			],
			[{ dateRange: null, segmentId: null, compare: 'yes' }, 'dashboardScope.compare', /true or false/]
		];
		for (const [scope, field, message] of cases) {
			const e = refused(scope);
			expect(e.field, JSON.stringify(scope)).toBe(field);
			expect(e.message).toMatch(message);
		}
		expect(read({ dateRange: null, segmentId: 'gone', compare: true }).dashboardScope).toEqual({
			dateRange: null,
			segmentId: null,
			compare: false
		});
		// A file written before the scope travelled has none: every day, all users.
		const { dashboardScope: _s, ...older } = good;
		expect(parseWorkspaceFile(JSON.stringify(older)).dashboardScope).toBeNull();
	});

	test('imported, the new workspace keeps it, its segment id now that of the imported segment', async () => {
		const db = new FootfallDb('share-dashboard-scope');
		const store = new WorkspaceStore(db, new IndexedDbKeeper(db));
		const back = parseWorkspaceFile(serialiseWorkspaceFile(await buildWorkspaceFile(source, plain)));
		const w = await importWorkspace(store, back, null);
		const [segment] = await new DexieSegmentStore(db, w.id).list();
		expect(segment.rule).toEqual({ users: LIST });
		expect(readStoredScope((await store.get(w.id))?.dashboardScope)).toEqual({
			dateRange: RANGE,
			segmentId: segment.id,
			compare: true
		});
		store.close();
	});
});
