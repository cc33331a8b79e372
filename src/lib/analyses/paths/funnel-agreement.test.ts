/**
 * Paths and funnels agree where they count the same thing (README, "Paths and funnels"): the users whose path
 * from A runs A → B → C equal the users converting a funnel A → B → C over the same sequence rule (strict
 * order, repeats of a step's event collapsed), window (the session, from its first A) and session rule (a new
 * session after more than 30 minutes), computed here independently of both analyses; the last test runs the
 * funnel analysis itself and pins, by hand, each case where the two part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import { generateDemo, toCsv } from '../../demo/generate.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import type { PathsResult } from './spec.ts';
import type { FunnelResult } from '../funnel/result.ts';

interface Ev {
	user: string;
	t: number;
	event: string;
}

const GAP = 30 * 60_000;

/**
 * Users reaching each step of a strict funnel whose window is one session and whose attempt starts at the
 * session's first step-1 event; an event equal to the step just reached is a repeat, not a break.
 */
function strictSessionFunnel(events: Ev[], steps: string[], exclude: string[]): number[] {
	const reached = steps.map(() => new Set<string>());
	const byUser = new Map<string, (Ev & { i: number })[]>();
	events.forEach((e, i) => {
		if (exclude.includes(e.event)) return;
		byUser.set(e.user, [...(byUser.get(e.user) ?? []), { ...e, i }]);
	});
	for (const [user, evs] of byUser) {
		evs.sort((a, b) => a.t - b.t || a.i - b.i);
		let session: typeof evs = [];
		const sessions = [session];
		for (const e of evs) {
			if (session.length > 0 && e.t - session[session.length - 1].t > GAP) sessions.push((session = []));
			session.push(e);
		}
		for (const s of sessions) {
			const start = s.findIndex((e) => e.event === steps[0]);
			if (start < 0) continue;
			let k = 0;
			reached[0].add(user);
			for (const e of s.slice(start + 1)) {
				if (e.event === steps[k]) continue;
				if (k + 1 >= steps.length || e.event !== steps[k + 1]) break;
				reached[++k].add(user);
			}
		}
	}
	return reached.map((r) => r.size);
}

/** Users whose path from A (step 0) runs through B at step 1 and C at step 2: A, A → B, A → B → C. */
function pathCounts(r: PathsResult, [a, b, c]: string[]): number[] {
	return [
		r.nodes.find((n) => n.id === `0:${a}`)?.users ?? 0,
		r.nodes.find((n) => n.id === `1:${b}`)?.users ?? 0,
		r.links.find((l) => l.source === `1:${b}` && l.target === `2:${c}`)?.users ?? 0
	];
}

let duck: Database;
let dir: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-paths-funnel-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(events: Ev[], name: string): Promise<EngineCore> {
	const file = path.join(dir, name);
	const lines = events.map((e) => `${e.user},${new Date(e.t).toISOString()},${e.event}`);
	await writeFile(file, ['user,time,event', ...lines].join('\n') + '\n');
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(file)], { columns: { user: 'user', time: 'time', event: 'event' } });
	return core;
}

async function paths(core: EngineCore, start: string, exclude: string[] = []): Promise<PathsResult> {
	const spec = { kind: 'paths' as const, startEvent: start, depth: 3, topN: 50, exclude };
	return (await core.result(spec)) as PathsResult;
}

describe('a path count equals a funnel count over the same sequence, window and session rule', () => {
	it('on generated events', async () => {
		const rand = mulberry32(23);
		const names = ['view', 'cart', 'buy', 'view', 'help'];
		const events: Ev[] = [];
		for (let u = 0; u < 150; u++) {
			let t = Date.UTC(2025, 1, 1) + Math.floor(rand() * 5 * 86_400_000);
			for (let k = 3 + Math.floor(rand() * 25); k > 0; k--) {
				t += rand() < 0.1 ? 31 * 60_000 : rand() < 0.1 ? 0 : Math.floor(rand() * 600_000);
				events.push({ user: `u${u}`, t, event: names[Math.floor(rand() * names.length)] });
			}
		}
		const core = await load(events, 'gen.csv');
		for (const [steps, exclude] of [
			[['view', 'cart', 'buy'], []],
			[['cart', 'view', 'buy'], ['help']],
			[['view', 'help', 'view'], ['cart']]
		] as [string[], string[]][]) {
			const expected = strictSessionFunnel(events, steps, exclude);
			expect(expected[2]).toBeGreaterThan(3);
			expect(pathCounts(await paths(core, steps[0], exclude), steps)).toEqual(expected);
		}
	});

	it('on the demo shop, page events left out', async () => {
		const rows = generateDemo({ users: 300, days: 30 });
		const events = rows.map((e) => ({ user: e.device_id, t: Date.parse(e.timestamp), event: e.event }));
		const file = path.join(dir, 'demo.csv');
		await writeFile(file, toCsv(rows));
		const core = new EngineCore(duck);
		// Sessions by the gap rule here (no session column), as the reference splits them.
		await core.ingest([await nodeSource(file)], {
			columns: { user: 'device_id', time: 'timestamp', event: 'event', id: null },
			dedupe: 'none'
		});
		const exclude = ['$autocapture', '$pageleave', '$pageview'];
		const steps = ['product_viewed', 'added_to_cart', 'checkout_started'];
		const expected = strictSessionFunnel(events, steps, exclude);
		expect(expected[2]).toBeGreaterThan(3);
		expect(pathCounts(await paths(core, steps[0], exclude), steps)).toEqual(expected);
	});

	it('parts from the funnel analysis exactly where the README says (worked out by hand)', async () => {
		const m = 60_000;
		const t0 = Date.UTC(2025, 2, 3, 10);
		const at = (user: string, minutes: number, event: string) => ({ user, t: t0 + minutes * m, event });
		const events = [
			// p: A B C in one session: every count takes p.
			...['A', 'B', 'C'].map((e, i) => at('p', i, e)),
			// q: an event between A and B: a sequential funnel takes q, a strict one and a path do not.
			...['A', 'X', 'B', 'C'].map((e, i) => at('q', i, e)),
			// r: B and C 40 minutes later, in the next session: a funnel whose window holds them takes r (strict
			// too: B is r's next event), a path never crosses into the next session.
			at('r', 0, 'A'),
			at('r', 40, 'B'),
			at('r', 41, 'C'),
			// s: the path starts at the first A of the session (A X …); a funnel attempt may start at the second.
			...['A', 'X', 'A', 'B', 'C'].map((e, i) => at('s', i, e)),
			// t: B twice: the path collapses it (A → B → C); in a strict funnel the second B breaks the sequence.
			...['A', 'B', 'B', 'C'].map((e, i) => at('t', i, e)),
			// v: one session of 50 minutes (no gap over 30): the path takes v, a funnel within 30 minutes misses C.
			at('v', 0, 'A'),
			at('v', 25, 'B'),
			at('v', 50, 'C')
		];
		const core = await load(events, 'hand.csv');
		expect(pathCounts(await paths(core, 'A'), ['A', 'B', 'C'])).toEqual([6, 3, 3]);
		expect(strictSessionFunnel(events, ['A', 'B', 'C'], [])).toEqual([6, 3, 3]);
		// A path's `exclude` drops the event from the path (q and s then run A → B → C); a funnel's exclusion
		// would drop the user instead.
		expect(pathCounts(await paths(core, 'A', ['X']), ['A', 'B', 'C'])).toEqual([6, 5, 5]);

		const funnel = async (order: string, window: { value: number; unit: string }) => {
			const steps = ['A', 'B', 'C'].map((event) => ({ event }));
			const r = (await core.result({ kind: 'funnel', steps, order, window } as never)) as FunnelResult;
			return r.steps.map((x) => x.users);
		};
		// Sequential, 14 days: everyone converts.
		expect(await funnel('sequential', { value: 14, unit: 'day' })).toEqual([6, 6, 6]);
		// Strict, 14 days: q breaks at X, t at its second B; r (across sessions) and s (second A) convert.
		expect(await funnel('strict', { value: 14, unit: 'day' })).toEqual([6, 5, 4]);
		// Strict within 30 minutes (the session gap): r's B and v's C are out of the window; s counts, t breaks.
		expect(await funnel('strict', { value: 30, unit: 'minute' })).toEqual([6, 4, 2]);
	});
});
