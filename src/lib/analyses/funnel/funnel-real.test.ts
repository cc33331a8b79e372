/**
 * Funnels on real data: Online Retail (every invoice line an event), December 2010, against the brute-force
 * reference over the rows read straight from the file (papaparse, no Footfall code). Steps are purchase
 * lines with property filters, a repeated event (a later invoice line) and a window of days.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import { onlineRetail } from '../../../../test/unit/support/real-data.ts';
import {
	numpyMedian,
	referenceFunnel,
	type FRow,
	type RefSpec
} from '../../../../test/unit/support/funnel-reference.ts';
import type { FunnelResult, FunnelSpecInput } from './spec.ts';

const DAY = 86_400_000;
let core: EngineCore;
let rows: FRow[];

beforeAll(async () => {
	core = new EngineCore(await createNodeDuck());
	// Read in UTC: the windows are exact lengths, and the reference reads the file's wall clock as UTC too.
	await core.ingest([await nodeSource('test/fixtures/data/online-retail/online_retail.csv.gz')], {
		columns: { user: 'CustomerID', time: 'InvoiceDate', event: null, id: null },
		timezone: 'UTC',
		dedupe: 'row',
		filters: [
			{ column: 'CustomerID', op: 'not_null' },
			{ column: 'Quantity', op: '>', value: 0 },
			{ column: 'UnitPrice', op: '>', value: 0 }
		]
	});
	rows = onlineRetail()
		.map((r, i) => ({
			row: i,
			user: r.user,
			t: Date.parse(r.time.replace(' ', 'T') + 'Z'),
			event: 'event',
			plan: r.country,
			pid: null,
			n: { price: r.price, quantity: r.quantity }
		}))
		.filter((r) => new Date(r.t).toISOString().startsWith('2010-12'));
});

const dearer = (r: FRow) => r.n!.price >= 5;
const many = (r: FRow) => r.n!.quantity >= 24;

const ref: RefSpec = {
	steps: [{ event: 'event' }, { event: 'event', test: dearer }, { event: 'event', test: many }],
	order: 'sequential',
	windowMs: 7 * DAY,
	exclusions: [],
	breakdown: false,
	attribution: 'first_touch',
	hold: false,
	ttc: { fromStep: 0, toStep: 2, bins: 10 },
	period: 'week',
	tz: 'UTC'
};

const spec: FunnelSpecInput = {
	kind: 'funnel',
	steps: [
		{ event: 'event' },
		{ event: 'event', where: [{ column: 'UnitPrice', op: '>=', value: 5 }] },
		{ event: 'event', where: [{ column: 'Quantity', op: '>=', value: 24 }] }
	],
	window: { value: 7, unit: 'day' },
	dateRange: { from: '2010-12-01', to: '2010-12-31' }
};

function check(res: FunnelResult, r: RefSpec) {
	const users = referenceFunnel(rows, r).users;
	expect(res.steps.map((s) => s.users)).toEqual(
		r.steps.map((_, i) => users.filter((u) => u.reached >= i).length)
	);
	const secs = (i: number, j: number) =>
		users.filter((u) => u.times[j] !== null).map((u) => (u.times[j]! - u.times[i]!) / 1000);
	expect(res.steps[1].medianSecondsFromPrevious).toBeCloseTo(numpyMedian(secs(0, 1))!, 6);
	expect(res.steps[2].medianSecondsFromPrevious).toBeCloseTo(numpyMedian(secs(1, 2))!, 6);
	expect(res.timeToConvert.users).toBe(secs(0, 2).length);
	expect(res.timeToConvert.medianSeconds).toBeCloseTo(numpyMedian(secs(0, 2))!, 6);
}

describe('funnels on Online Retail, December 2010, equal the reference over the file', () => {
	it('sequential: any line, then a line at 5 or more, then one of 24 or more items, within 7 days', async () => {
		const res = (await core.result(spec)) as FunnelResult;
		expect(res.steps[0].users).toBeGreaterThan(800);
		check(res, ref);
	});
	it('strict: the next lines of the customer must be the steps', async () => {
		check((await core.result({ ...spec, order: 'strict' })) as FunnelResult, { ...ref, order: 'strict' });
	});
});
