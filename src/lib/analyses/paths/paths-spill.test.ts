/**
 * Paths on native DuckDB under a memory limit far below what its per-session lists take in one pass (issue
 * 15: at 10M events under 800 MB, and 50M under 4 GB, building `session_events` ran out of memory while every
 * other step spilled). DuckDB holds a list aggregate's state in memory, so the lists are built a range of
 * users at a time (engine/session-events.ts); the result must equal DuckDB-WASM's, built in one pass with no
 * limit, and the independent reference over the same rows (test/unit/support/paths-reference.ts).
 *
 * The events are written by SQL straight into `events` (as ingest and derived.ts leave it), so the test
 * needs no load under the limit: 200,000 events of 5,000 users, 4 sessions each an hour apart (so the
 * reference's 30-minute gap rule splits them as `__session` does), 10 events a session in shuffled time order
 * with ties, names of 7 kinds with repeats to collapse, and every 97th name NULL (no step).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDuck } from '../../engine/node-duck.ts';
import { createNativeDuck } from '../../engine/native-duck.ts';
import type { Database } from '../../engine/duck.ts';
import { buildSessionEvents } from '../../engine/session-events.ts';
import { parseAnalysis, shapeResult } from '../spec.ts';
import { compilePaths } from './compile.ts';
import { referencePaths, type RefRow, type RefSpec } from '../../../../test/unit/support/paths-reference.ts';
import type { PathsResult, PathsSpec } from './spec.ts';

const N = 200_000;
const START = Date.UTC(2026, 0, 1);
/** Seconds after START of event i: its session's hour, then a shuffled offset within 10 minutes. */
const offsetSql = '(i // 10) * 3600 + (i * 7919) % 600';
const offset = (i: number) => Math.floor(i / 10) * 3600 + ((i * 7919) % 600);
const name = (i: number) => (i % 97 === 0 ? null : `e${(i * 31 + Math.floor(i / 3)) % 7}`);
/** Wall clock one hour ahead of UTC, as a zone east of it would give `__local`. */
const LOCAL_MS = 3_600_000;

const EVENTS_SQL = `CREATE TABLE events AS
SELECT i::BIGINT AS __row, (i // 40)::INTEGER AS __ukey, (i // 10)::INTEGER AS __session,
	TIMESTAMP '2026-01-01' + to_seconds(${offsetSql}) AS __time,
	TIMESTAMP '2026-01-01 01:00' + to_seconds(${offsetSql}) AS __local,
	CASE WHEN i % 97 = 0 THEN NULL ELSE 'e' || ((i * 31 + i // 3) % 7) END AS __event
FROM range(${N}) t(i)`;

const ROWS: RefRow[] = [];
for (let i = 0; i < N; i++) {
	const event = name(i);
	if (event !== null) ROWS.push({ user: `u${Math.floor(i / 40)}`, t: START + offset(i) * 1000, event });
}
// Event order is time, then file order: a stable sort keeps the file order of ties.
ROWS.sort((a, b) => a.t - b.t);

const inRange = (r: RefRow) => {
	const day = new Date(r.t + LOCAL_MS).toISOString().slice(0, 10);
	return day >= '2026-01-20' && day <= '2026-02-10';
};

const SPECS: { spec: Record<string, unknown>; ref: RefSpec }[] = [
	{ spec: { depth: 5, topN: 3 }, ref: { depth: 5, topN: 3 } },
	{ spec: { startEvent: 'e3', depth: 4, topN: 3 }, ref: { startEvent: 'e3', depth: 4, topN: 3 } },
	{
		spec: { endEvent: 'e5', depth: 5, topN: 2, exclude: ['e1'] },
		ref: { endEvent: 'e5', depth: 5, topN: 2, exclude: ['e1'] }
	},
	{
		spec: { depth: 6, topN: 4, cleaning: [{ regex: '^e[12]$', alias: 'e12' }] },
		ref: { depth: 6, topN: 4, cleaning: [{ regex: '^e[12]$', alias: 'e12' }] }
	},
	{
		spec: { depth: 5, topN: 3, dateRange: { from: '2026-01-20', to: '2026-02-10' } },
		ref: { depth: 5, topN: 3, keep: inRange }
	}
];

async function paths(duck: Database, input: Record<string, unknown>): Promise<PathsResult> {
	const spec = parseAnalysis({ kind: 'paths', ...input });
	const sql = compilePaths(spec as PathsSpec, { timezone: 'UTC', lastEventMs: null, columns: [] });
	return shapeResult(spec, await duck.query(sql)) as PathsResult;
}

const byId = <T extends { id?: string; source?: string; target?: string }>(xs: T[]) =>
	[...xs].sort((a, b) => {
		const [ka, kb] = [a.id ?? `${a.source}\u0001${a.target}`, b.id ?? `${b.source}\u0001${b.target}`];
		return ka < kb ? -1 : ka > kb ? 1 : 0;
	});
const comparable = (r: PathsResult) => ({
	paths: r.paths,
	users: r.users,
	nodes: byId(r.nodes),
	links: byId(r.links)
});

describe('paths on native DuckDB under a 24 MB memory limit', () => {
	let wasm: Database;
	let native: Database;
	beforeAll(async () => {
		wasm = await createNodeDuck();
		native = await createNativeDuck({ threads: 1, memoryLimit: '24MB' });
		for (const duck of [wasm, native]) await duck.exec(EVENTS_SQL);
		await buildSessionEvents(wasm);
	});
	afterAll(async () => {
		await wasm?.close();
		await native?.close();
	});

	it('cannot build the lists in one pass: a list aggregate does not spill', async () => {
		await expect(buildSessionEvents(native, { rowsPerRange: N })).rejects.toThrow(/Out of Memory Error/);
	});

	it('builds them a range of users at a time, and every result equals the unlimited one and the reference', async () => {
		await buildSessionEvents(native, { rowsPerRange: 40_000 });
		for (const { spec, ref } of SPECS) {
			const expected = comparable(await paths(wasm, spec));
			expect(expected.paths).toBeGreaterThan(0);
			expect(comparable(await paths(native, spec))).toEqual(expected);
			expect(expected).toEqual(referencePaths(ROWS, ref));
		}
	});
});
