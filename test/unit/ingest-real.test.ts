import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { DATA, cdnow, duck, retail, useIngestDuck } from './support/ingest-fixture.ts';

useIngestDuck();

describe('ingest of real exports', () => {
	test('Online Retail: rows, customers, guests and time range match an independent count', async () => {
		const core = new EngineCore(duck);
		const report = await core.ingest(
			[await nodeSource(path.join(DATA, 'online-retail/online_retail.csv.gz'))],
			{}
		);
		expect(report.mapping.user).toBe('CustomerID');
		expect(report.mapping.time).toBe('InvoiceDate');
		expect(report.mapping.event).toBeNull();
		expect(report.rows).toBe(retail.rows);
		expect(report.users).toBe(retail.customers);
		expect(report.noUser).toBe(retail.guestRows);
		expect(report.rejected).toBe(0);
		expect(report.firstTime).toBe(retail.first + '.000Z');
		expect(report.lastTime).toBe(retail.last + '.000Z');
		expect(report.events).toBe(1);
		// Customer ids written as floats (17850.0) become 17850.
		const ids = await duck.rows<{ u: string }>(
			`SELECT __user AS u FROM events WHERE __user IS NOT NULL LIMIT 5`
		);
		for (const { u } of ids) expect(u).toMatch(/^\d+$/);
		// The original column is not stored twice but still reads as the file has it: an identity column is
		// text exactly as written (`17850.0`), one value per customer.
		const original = (
			await duck.rows<{ t: string; n: number; guests: number }>(
				`SELECT any_value(typeof(CustomerID)) AS t, count(DISTINCT CustomerID)::INT AS n,
			   count(*) FILTER (WHERE CustomerID IS NULL)::INT AS guests FROM events`
			)
		)[0];
		expect(original).toEqual({ t: 'VARCHAR', n: retail.customers, guests: retail.guestRows });
		const pairs = await duck.rows<{ c: string; u: string }>(
			`SELECT CustomerID AS c, __user AS u FROM events WHERE CustomerID IS NOT NULL LIMIT 5`
		);
		for (const { c, u } of pairs) expect(c).toBe(`${u}.0`);
	});

	test("Online Retail: the columns table's CustomerID count is exact and agrees with the users (it said 3,919 of 4,372)", async () => {
		const core = new EngineCore(duck);
		const report = await core.ingest(
			[await nodeSource(path.join(DATA, 'online-retail/online_retail.csv.gz'))],
			{}
		);
		// No estimate in the report; the exact count comes after it, equal to the independent count.
		expect(report.columns.every((c) => c.distinct === null)).toBe(true);
		const counts = await core.distinctCounts();
		expect(counts.map((c) => c.name)).toEqual(report.columns.map((c) => c.name));
		expect(counts.find((c) => c.name === 'CustomerID')!.distinct).toBe(retail.customers);
		expect(report.users).toBe(retail.customers);
		// Asked again, the counts are not recomputed.
		expect(await core.distinctCounts()).toBe(counts);
	});

	test('CDNOW: whitespace-separated with a compact date', async () => {
		const core = new EngineCore(duck);
		const report = await core.ingest([await nodeSource(path.join(DATA, 'cdnow/CDNOW_master.txt'))], {});
		expect(report.rows).toBe(cdnow.rows);
		expect(report.users).toBe(cdnow.customers);
		expect(report.firstTime).toBe(cdnow.first + '.000Z');
		expect(report.lastTime).toBe(cdnow.last + '.000Z');
		expect(report.rejected).toBe(0);
	});
});

describe('the demo export', () => {
	// Regression: the identity join once had a left-only condition that DuckDB planned as a nested loop, and
	// this 155k-row file never finished loading. The expected figures are computed here in plain TypeScript.
	test('identity resolution, dedupe by uuid and user counts match a plain computation', async () => {
		const { gunzipSync } = await import('node:zlib');
		const Papa = (await import('papaparse')).default;
		const text = gunzipSync(readFileSync('static/data/demo-shop.csv.gz')).toString('utf8');
		const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
		const seen = new Set<string>();
		const kept = rows.filter((r) => (seen.has(r.uuid) ? false : (seen.add(r.uuid), true)));
		const byTime = kept
			.map((r, i) => ({ r, i, t: Date.parse(r.timestamp) }))
			.sort((a, b) => a.t - b.t || a.i - b.i);
		const link = new Map<string, string>();
		for (const { r } of byTime)
			if (r.user_id && r.device_id && !link.has(r.device_id)) link.set(r.device_id, r.user_id);
		const users = new Set(kept.map((r) => r.user_id || link.get(r.device_id) || r.device_id));

		const core = new EngineCore(duck);
		const report = await core.ingest([await nodeSource('static/data/demo-shop.csv.gz')], {
			timezone: 'Europe/London'
		});
		expect(report.loadedRows).toBe(rows.length);
		expect(report.duplicates).toBe(rows.length - kept.length);
		expect(report.rows).toBe(kept.length);
		expect(report.users).toBe(users.size);
		expect(report.identity?.linkedAnonymousIds).toBe(link.size);
	});
});
