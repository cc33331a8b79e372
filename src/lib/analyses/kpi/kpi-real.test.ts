/**
 * KPIs on the real Online Retail and CDNOW exports against the TypeScript reference over the raw files
 * (read with papaparse, test/unit/support/real-data.ts): active users with windows reaching before the range,
 * DAU/MAU, adoption of a property, revenue as a value expression, a moving average.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeDuck, nodeSource } from '../../engine/node-duck.ts';
import { EngineCore } from '../../engine/core.ts';
import { cdnow, onlineRetail } from '../../../../test/unit/support/real-data.ts';
import {
	kpiReference,
	trailingMean,
	type KpiRow,
	type RefPoint
} from '../../../../test/unit/support/kpi-reference.ts';
import type { KpiResult, KpiSeriesResult } from './spec.ts';

function expectSame(got: KpiSeriesResult, want: RefPoint[]) {
	expect(got.points.map((p) => [p.period, p.complete])).toEqual(want.map((p) => [p.period, p.complete]));
	got.points.forEach((p, i) => {
		const w = want[i].value;
		if (w === null || p.value === null) expect([p.period, p.value]).toEqual([p.period, w]);
		else expect(Math.abs(p.value - w)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w)));
	});
}

let retail: EngineCore;
let cd: EngineCore;
let retailRows: KpiRow[];
let cdRows: KpiRow[];

beforeAll(async () => {
	const duck = await createNodeDuck();
	retail = new EngineCore(duck);
	await retail.ingest([await nodeSource('test/fixtures/data/online-retail/online_retail.csv.gz')], {
		columns: { user: 'CustomerID', time: 'InvoiceDate', event: null, id: null },
		timezone: 'Europe/London',
		dedupe: 'row',
		filters: [
			{ column: 'CustomerID', op: 'not_null' },
			{ column: 'Quantity', op: '>', value: 0 },
			{ column: 'UnitPrice', op: '>', value: 0 }
		]
	});
	retailRows = onlineRetail().map((r) => ({
		user: r.user,
		day: r.day,
		event: 'event',
		plan: r.country,
		amount: r.quantity * r.price
	}));
	cd = new EngineCore(await createNodeDuck());
	await cd.ingest([await nodeSource('test/fixtures/data/cdnow/CDNOW_master.txt')], {
		columns: { user: 'customer_id', time: 'date', event: null },
		timezone: 'UTC'
	});
	cdRows = cdnow().map((r) => ({
		user: r.user,
		day: r.day,
		event: 'event',
		plan: String(r.cds),
		amount: r.dollars
	}));
});

describe('KPIs on Online Retail (London) equal the reference over the raw file', () => {
	it('DAU, WAU, MAU and DAU/MAU per day of the last six weeks, windows reaching back before them', async () => {
		const range = { from: '2011-10-29', to: '2011-12-09' };
		const r = (await retail.result({
			kind: 'kpi',
			series: [
				{ metric: 'active_users' },
				{ metric: 'active_users', window: 'week' },
				{ metric: 'active_users', window: 'month' },
				{ metric: 'dau_mau' }
			],
			dateRange: range
		})) as KpiResult;
		const opts = { period: 'day' as const, range };
		expectSame(r.series[0], kpiReference(retailRows, { metric: 'active_users', window: 'day' }, opts));
		expectSame(r.series[1], kpiReference(retailRows, { metric: 'active_users', window: 'week' }, opts));
		expectSame(r.series[2], kpiReference(retailRows, { metric: 'active_users', window: 'month' }, opts));
		expectSame(r.series[3], kpiReference(retailRows, { metric: 'dau_mau' }, opts));
		// The shop is closed on Saturdays: DAU 0 there, while the week's customers still count in WAU.
		const saturday = r.series[0].points.find((p) => p.period === '2011-12-03');
		expect(saturday?.value).toBe(0);
	});

	it('revenue (Quantity * UnitPrice) summed and averaged per month, and adoption of German orders', async () => {
		const r = (await retail.result({
			kind: 'kpi',
			series: [
				{ metric: 'sum', value: 'Quantity * UnitPrice' },
				{ metric: 'avg', value: 'Quantity * UnitPrice' },
				{ metric: 'adoption', where: [{ column: 'Country', op: '=', value: 'Germany' }] }
			],
			period: 'month'
		})) as KpiResult;
		const opts = { period: 'month' as const };
		expectSame(r.series[0], kpiReference(retailRows, { metric: 'sum' }, opts));
		expectSame(r.series[1], kpiReference(retailRows, { metric: 'avg' }, opts));
		expectSame(
			r.series[2],
			kpiReference(retailRows, { metric: 'adoption', feature: (x) => x.plan === 'Germany' }, opts)
		);
		// December 2011 ends on the 9th: November is the last complete month.
		expect(r.series[0].headline.period).toBe('2011-11-01');
		expect(r.series[0].headline.previousPeriod).toBe('2011-10-01');
	});

	it('MAU per week (the 30 days ending each Sunday) with a moving average of 4 weeks', async () => {
		const r = (await retail.result({
			kind: 'kpi',
			series: [{ metric: 'active_users', window: 'month' }],
			period: 'week',
			movingAverage: 4
		})) as KpiResult;
		const want = kpiReference(retailRows, { metric: 'active_users', window: 'month' }, { period: 'week' });
		expectSame(r.series[0], want);
		const avg = trailingMean(
			want.map((p) => p.value),
			4
		);
		r.series[0].points.forEach((p, i) => expect(p.average).toBeCloseTo(avg[i] as number, 9));
	});
});

describe('KPIs on CDNOW equal the reference over the raw file', () => {
	it('monthly buyers, dollars and the share buying 3 or more CDs at once', async () => {
		const r = (await cd.result({
			kind: 'kpi',
			series: [
				{ metric: 'active_users', window: 'month' },
				{ metric: 'sum', value: 'dollar_value' },
				{ metric: 'adoption', where: [{ column: 'number_of_cds', op: '>=', value: 3 }] }
			],
			period: 'month'
		})) as KpiResult;
		const opts = { period: 'month' as const };
		expectSame(r.series[0], kpiReference(cdRows, { metric: 'active_users', window: 'month' }, opts));
		expectSame(r.series[1], kpiReference(cdRows, { metric: 'sum' }, opts));
		expectSame(
			r.series[2],
			kpiReference(cdRows, { metric: 'adoption', feature: (x) => Number(x.plan) >= 3 }, opts)
		);
		// Everyone in CDNOW first bought in the first quarter of 1997.
		expect(r.series[0].points[0]).toMatchObject({ period: '1997-01-01', value: 7846 });
	});
});
