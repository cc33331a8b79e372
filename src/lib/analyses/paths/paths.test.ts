/**
 * Paths (SEMANTICS §7) on a hand-built export whose answers are worked out by hand in the comments, and on
 * generated and demo data against an independent TypeScript reference over the rows
 * (test/unit/support/paths-reference.ts): cleaning rules, exclusions, collapsed repeats, the "other" group,
 * backward paths and session boundaries (the 30-minute gap, and an export's session id).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import type { Database } from '../../engine/duck.ts';
import type { DatasetInput } from '../../engine/ingest/index.ts';
import { generateDemo, toCsv } from '../../demo/generate.ts';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { referencePaths, type RefRow, type RefSpec } from '../../../../test/unit/support/paths-reference.ts';
import type { PathsResult, PathsSpecInput } from './spec.ts';

const FIXTURE = path.resolve(__dirname, '../../../../test/fixtures/paths/events.csv');
const URLS = [
	{ regex: '\\?.*', alias: '' },
	{ regex: '^https://shop\\.example', alias: '' },
	{ wildcard: '/product/*' }
];

let duck: Database;
let dir: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	dir = await mkdtemp(path.join(os.tmpdir(), 'footfall-paths-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function load(file: string, dataset: DatasetInput): Promise<EngineCore> {
	const core = new EngineCore(duck);
	await core.ingest([await nodeSource(file)], dataset);
	return core;
}

async function run(core: EngineCore, spec: Omit<PathsSpecInput, 'kind'>): Promise<PathsResult> {
	return (await core.result({ kind: 'paths', ...spec })) as PathsResult;
}

const byId = <T extends { id?: string; source?: string; target?: string }>(xs: T[]) =>
	[...xs].sort((a, b) => {
		const [ka, kb] = [a.id ?? `${a.source}\u0001${a.target}`, b.id ?? `${b.source}\u0001${b.target}`];
		return ka < kb ? -1 : ka > kb ? 1 : 0;
	});

const node = (r: PathsResult, id: string) => r.nodes.find((n) => n.id === id);

describe('paths on the hand-built export', () => {
	let core: EngineCore;
	beforeAll(async () => {
		core = await load(FIXTURE, { columns: { user: 'user', time: 'time', event: 'event' } });
	});

	it('walks forward within sessions, collapsing repeats (answers worked out by hand)', async () => {
		// Sessions: a 10:00–10:05 (pv pv pv add pv checkout → pv add pv checkout) and 11:00 (pv pv → pv);
		// b 10:00–10:37 (a gap of exactly 30 min stays: pv pv auto pv add → pv auto pv add) and 11:08
		// (checkout, no pageview: no path); c 09:00–09:14 (pv auto pv add checkout) and the next day (pv);
		// d (pv checkout pv). The row without a user has no session.
		const r = await run(core, { startEvent: '$pageview', depth: 4 });
		expect([r.paths, r.users]).toEqual([6, 4]);
		expect(node(r, '0:$pageview')).toMatchObject({ users: 4, events: 6 });
		expect(node(r, '1:$autocapture')).toMatchObject({ users: 2, events: 2 });
		expect(node(r, '1:add_to_cart')).toMatchObject({ users: 1, events: 1 });
		expect(node(r, '2:$pageview')).toMatchObject({ users: 4, events: 4 });
		expect(node(r, '3:add_to_cart')).toMatchObject({ users: 2, events: 2 });
		expect(r.nodes.some((n) => n.step >= 4)).toBe(false);
	});

	it('groups all but the top N names of a step as "other", and the path goes on from it', async () => {
		const r = await run(core, { startEvent: '$pageview', depth: 3, topN: 1 });
		expect(node(r, '1:$autocapture')).toMatchObject({ events: 2 });
		// add_to_cart (a) and checkout (d): one path each.
		expect(node(r, '1/other')).toMatchObject({ name: 'other', other: true, users: 2, events: 2 });
		expect(r.links.find((l) => l.source === '1/other')).toMatchObject({ target: '2:$pageview', events: 2 });
	});

	it('reads backward from the first end event of each session', async () => {
		// a: pv add pv [checkout]; b: [checkout]; c: pv auto pv add [checkout]; d: pv [checkout] pv.
		const r = await run(core, { endEvent: 'checkout', depth: 3 });
		expect([r.direction, r.paths, r.users]).toEqual(['backward', 4, 4]);
		expect(node(r, '-1:$pageview')).toMatchObject({ users: 2, events: 2 });
		expect(node(r, '-1:add_to_cart')).toMatchObject({ users: 1, events: 1 });
		expect(node(r, '-2:add_to_cart')).toMatchObject({ events: 1 });
		expect(node(r, '-2:$pageview')).toMatchObject({ events: 1 });
		expect(r.links.find((l) => l.source === '-1:$pageview')).toMatchObject({
			target: '0:checkout',
			users: 2
		});
		expect(r.links.find((l) => l.source === '-2:add_to_cart')).toMatchObject({ target: '-1:$pageview' });
	});

	it('names steps by URL with cleaning rules in order, and drops excluded names', async () => {
		// Query strings, then the host go; every product page is one group. Rows without a URL are skipped.
		const r = await run(core, { column: 'url', startEvent: '/home', depth: 3, cleaning: URLS });
		expect([r.paths, r.users]).toEqual([6, 4]);
		expect(node(r, '1:/product/*')).toMatchObject({ users: 1, events: 2 });
		expect(node(r, '1:/search')).toMatchObject({ events: 1 });
		expect(node(r, '2:/cart')).toMatchObject({ events: 1 });
		const x = await run(core, {
			column: 'url',
			startEvent: '/home',
			depth: 3,
			cleaning: URLS,
			exclude: ['/search']
		});
		expect(node(x, '1:/product/*')).toMatchObject({ users: 2, events: 3 });
		expect(node(x, '1:/search')).toBeUndefined();
	});

	it('lists the users through a node', async () => {
		const r = await run(core, {
			startEvent: '$pageview',
			depth: 3,
			nodeUsers: { step: 1, name: '$autocapture' }
		});
		expect(r.nodeUsers).toEqual(['b', 'c']);
		const o = await run(core, {
			startEvent: '$pageview',
			depth: 3,
			topN: 1,
			nodeUsers: { step: 1, name: null }
		});
		expect(o.nodeUsers).toEqual(['a', 'd']);
	});

	it('equals the reference on the fixture for every direction and rule', async () => {
		const rows: RefRow[] = (await import('node:fs'))
			.readFileSync(FIXTURE, 'utf8')
			.trim()
			.split('\n')
			.slice(1)
			.map((l) => l.split(','))
			.map(([user, time, event, url]) => ({
				user: user || null,
				t: Date.parse(time),
				event,
				value: url || null
			}));
		for (const spec of variants()) {
			const r = await run(core, toSpec(spec));
			expect({ paths: r.paths, users: r.users, nodes: byId(r.nodes), links: byId(r.links) }).toEqual(
				referencePaths(rows, spec)
			);
		}
	});
});

/** Spec variants covering every option: directions, depth, top N, cleaning, exclusions, naming column. */
function variants(): RefSpec[] {
	const out: RefSpec[] = [];
	for (const anchor of [{}, { startEvent: '$pageview' }, { endEvent: 'checkout' }, { startEvent: '/home' }])
		for (const [depth, topN] of [
			[2, 1],
			[4, 2],
			[6, 5]
		])
			for (const byValue of [false, true])
				for (const rules of [{}, { cleaning: URLS, exclude: ['/search', '$autocapture'] }])
					out.push({ ...anchor, depth, topN, byValue, ...rules });
	return out;
}

function toSpec(s: RefSpec, column = 'url'): Omit<PathsSpecInput, 'kind'> {
	const { byValue, ...rest } = s;
	return { ...rest, column: byValue ? column : null };
}

describe('paths on generated data equal the reference', () => {
	it('many users, ties in time, gaps near 30 minutes', async () => {
		const rand = mulberry32(5);
		const names = ['view', 'view', 'cart', 'search', 'buy', 'help', 'view'];
		const rows: RefRow[] = [];
		for (let u = 0; u < 80; u++) {
			let t = Date.UTC(2025, 0, 1) + Math.floor(rand() * 10 * 86_400_000);
			for (let k = Math.floor(rand() * 40); k > 0; k--) {
				const gap =
					rand() < 0.15 ? 29 * 60_000 + Math.floor(rand() * 2) * 60_000 : Math.floor(rand() * 300_000);
				t += rand() < 0.1 ? 0 : gap;
				const event = names[Math.floor(rand() * names.length)];
				const value = rand() < 0.2 ? null : `https://x.example/p/${Math.floor(rand() * 9)}?s=${u}`;
				rows.push({ user: `u${u}`, t, event, value });
			}
		}
		rows.sort((a, b) => a.t - b.t);
		const file = path.join(dir, 'gen.csv');
		const csv = rows.map((r) => `${r.user},${new Date(r.t).toISOString()},${r.event},${r.value ?? ''}`);
		await writeFile(file, ['user,time,event,url', ...csv].join('\n') + '\n');
		const core = await load(file, { columns: { user: 'user', time: 'time', event: 'event' } });
		const cleaning = [{ regex: '\\?.*', alias: '' }, { wildcard: 'https://x.example/p/[1-4]*' }];
		for (const spec of [
			{ startEvent: 'view', depth: 5, topN: 2 },
			{ endEvent: 'buy', depth: 5, topN: 2, exclude: ['help'] },
			{ depth: 8, topN: 3 },
			{ byValue: true, depth: 5, topN: 3, cleaning },
			{ byValue: true, endEvent: 'https://x.example/p/5', depth: 4, topN: 9, cleaning }
		] as RefSpec[]) {
			const r = await run(core, toSpec(spec));
			expect(r.paths).toBeGreaterThan(20);
			expect({ paths: r.paths, users: r.users, nodes: byId(r.nodes), links: byId(r.links) }).toEqual(
				referencePaths(rows, spec)
			);
		}
	});
});

describe('paths on the demo shop equal the reference', () => {
	it('sessions from the export session id, URLs cleaned', async () => {
		const events = generateDemo({ users: 400, days: 30 });
		const file = path.join(dir, 'demo.csv');
		await writeFile(file, toCsv(events));
		const core = await load(file, {
			columns: { user: 'device_id', time: 'timestamp', event: 'event', session: 'session_id', id: null },
			dedupe: 'none'
		});
		const rows: RefRow[] = events.map((e) => ({
			user: e.device_id,
			t: Date.parse(e.timestamp),
			event: e.event,
			value: e.page_url,
			session: e.session_id
		}));
		const cleaning = [
			{ regex: '\\?.*', alias: '' },
			{ regex: '^https://[^/]*', alias: '' },
			{ wildcard: '/products/*' },
			{ wildcard: '/c/*' }
		];
		for (const spec of [
			{ startEvent: '$pageview', depth: 5, topN: 4 },
			{ endEvent: 'order_completed', depth: 5, topN: 3, exclude: ['$autocapture'] },
			{ byValue: true, depth: 5, topN: 5, cleaning }
		] as RefSpec[]) {
			const r = await run(core, toSpec(spec, 'page_url'));
			expect(r.paths).toBeGreaterThan(25);
			expect({ paths: r.paths, users: r.users, nodes: byId(r.nodes), links: byId(r.links) }).toEqual(
				referencePaths(rows, spec)
			);
		}
	});
});
