/**
 * Lifecycle (SEMANTICS §6) on the CDNOW purchase history against the independent TypeScript reference
 * (support/lifecycle-reference.ts): the raw whitespace-separated file split by hand, each purchase on its
 * day (midnight UTC), customers by their id as written.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { LifecycleResult } from '../../src/lib/analyses/lifecycle/spec.ts';
import { lifecycleReference, type LifecycleRow } from './support/lifecycle-reference.ts';
import { main } from '../../src/cli/main.ts';

const FILE = 'test/fixtures/data/cdnow/CDNOW_master.txt';

function referenceRows(): LifecycleRow[] {
	const [, ...lines] = readFileSync(FILE, 'utf8').split('\n');
	return lines
		.map((l) => l.trim().split(/\s+/))
		.filter((f) => f.length === 4)
		.map(([user, date]) => ({
			user,
			t: Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))),
			event: 'purchase'
		}));
}

let core: EngineCore;
const rows = referenceRows();
beforeAll(async () => {
	core = new EngineCore(await createNodeDuck());
	await core.ingest([await nodeSource(FILE)], {
		columns: { user: 'customer_id', time: 'date', event: null },
		timezone: 'UTC'
	});
}, 120_000);

describe('lifecycle on CDNOW matches the reference', () => {
	test('69,659 purchases of 23,570 customers', () => {
		expect(rows.length).toBe(69_659);
		expect(new Set(rows.map((r) => r.user)).size).toBe(23_570);
	});

	for (const period of ['month', 'week'] as const) {
		test(`by ${period}`, async () => {
			const got = (await core.result({ kind: 'lifecycle', period })) as LifecycleResult;
			const want = lifecycleReference(rows, { period, timezone: 'UTC' });
			expect(got.periods).toEqual(want);
			// Every customer first bought in the first quarter of 1997: nobody is new after March.
			expect(got.periods.filter((p) => p.period >= '1997-04-01').every((p) => p.new === 0)).toBe(true);
			expect(got.periods.reduce((n, p) => n + p.new, 0)).toBe(23_570);
		});
	}

	test('a date range in 1998', async () => {
		const range = { from: '1998-01-01', to: '1998-06-30' };
		const got = (await core.result({
			kind: 'lifecycle',
			period: 'month',
			dateRange: range
		})) as LifecycleResult;
		expect(got.periods).toEqual(lifecycleReference(rows, { period: 'month', timezone: 'UTC', range }));
		expect(got.periods.map((p) => p.period)).toEqual([
			'1998-01-01',
			'1998-02-01',
			'1998-03-01',
			'1998-04-01',
			'1998-05-01',
			'1998-06-01'
		]);
	});

	test('the CLI prints the same result for the spec file', async () => {
		let printed = '';
		const code = await main(
			['run', 'test/fixtures/specs/cdnow-lifecycle.json', '--json'],
			(x) => (printed += x)
		);
		expect(code).toBe(0);
		expect(JSON.parse(printed)).toEqual({
			period: 'month',
			periods: lifecycleReference(rows, { period: 'month', timezone: 'UTC' })
		});
	});
});
