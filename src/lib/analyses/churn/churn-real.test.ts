/**
 * Churn (SEMANTICS §8) on the UCI Online Retail export: the populations and labels at the training and
 * validation cutoffs against a count over the raw file (papaparse and zlib, times turned into instants with
 * Intl: no Footfall code), and a model that ranks leavers out of time far better than chance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import { onlineRetail } from '../../../../test/unit/support/real-data.ts';
import { intlWallClockMs } from '../../../../test/unit/support/intl-wall-clock.ts';
import type { ChurnResult } from './result.ts';

const FILE = 'test/fixtures/data/online-retail/online_retail.csv.gz';
const TZ = 'Europe/London';
const DAY = 86_400_000;

/** A London wall-clock time as UTC ms: the offset Intl gives at that instant. */
function londonToUtc(wall: string): number {
	const w = Date.parse(wall.replace(' ', 'T') + 'Z');
	let t = w;
	for (let i = 0; i < 3; i++) t = w - (intlWallClockMs(t, TZ) - t);
	return t;
}

let core: EngineCore;
let times: Map<string, number[]>;
beforeAll(async () => {
	times = new Map();
	const instants = new Map<string, number>();
	for (const r of onlineRetail()) {
		const list = times.get(r.user) ?? [];
		let t = instants.get(r.time);
		if (t === undefined) instants.set(r.time, (t = londonToUtc(r.time)));
		list.push(t);
		times.set(r.user, list);
	}
	core = new EngineCore(await createNodeDuck());
	await core.ingest([await nodeSource(FILE)], {
		columns: { user: 'CustomerID', time: 'InvoiceDate', event: null, id: null },
		timezone: TZ,
		dedupe: 'row',
		filters: [
			{ column: 'CustomerID', op: 'not_null' },
			{ column: 'Quantity', op: '>', value: 0 },
			{ column: 'UnitPrice', op: '>', value: 0 }
		]
	});
}, 120_000);

/** Users with a purchase at or before T, and those of them with none in (T, T + h]. */
function population(T: number, h: number) {
	let users = 0;
	let churned = 0;
	for (const ts of times.values()) {
		if (!ts.some((t) => t <= T)) continue;
		users++;
		if (!ts.some((t) => t > T && t <= T + h)) churned++;
	}
	return { users, churned };
}

describe('churn on Online Retail', () => {
	it('labels the users a count over the file labels, and ranks leavers out of time', async () => {
		const r = (await core.result({ kind: 'churn', monetary: 'Quantity * UnitPrice' })) as ChurnResult;
		const last = [...times.values()].flat().reduce((m, t) => Math.max(m, t), -Infinity);
		expect(r.params.scoredAt).toBe(new Date(last).toISOString());
		const cutoff = last - 30 * DAY;
		expect(population(cutoff - 30 * DAY, 30 * DAY)).toEqual({
			users: r.train.users,
			churned: r.train.churned
		});
		expect(population(cutoff, 30 * DAY)).toEqual({
			users: r.validation.users,
			churned: r.validation.churned
		});
		// 4,338 customers after the filters, the figure every write-up of this dataset reports.
		expect(r.scores.users).toBe(4338);
		// About 0.745 at the defaults: a 30-day gap between purchases is common even for loyal customers.
		expect(r.validation.auc!).toBeGreaterThan(0.7);
		// Platt scaling on the hold-out: the mean calibrated risk is near the observed churn rate.
		const rate = r.validation.churned / r.validation.users;
		const mean = r.validation.calibration.reduce((s, b) => s + b.predicted * b.n, 0) / r.validation.users;
		expect(Math.abs(mean - rate)).toBeLessThan(0.05);
		expect(r.coefficients.map((c) => c.feature)).toContain('monetary');
	});
});
