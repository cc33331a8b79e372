/**
 * RFM (SEMANTICS §5) on the UCI Online Retail export against the independent TypeScript reference
 * (support/rfm-reference.ts): the raw file read with zlib and papaparse (not DuckDB), exact duplicate lines
 * dropped, then the retention tests' filters (a customer, Quantity > 0, UnitPrice > 0); InvoiceDate is
 * London wall-clock time, turned into an instant with Intl. Customers by CustomerID, monetary
 * `Quantity * UnitPrice`, frequency as rows and as distinct invoices.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { RfmResult } from '../../src/lib/analyses/rfm/spec.ts';
import { intlWallClockMs } from './support/intl-wall-clock.ts';
import { rfmReference, type RfmRow } from './support/rfm-reference.ts';

const FILE = 'test/fixtures/data/online-retail/online_retail.csv.gz';
const TZ = 'Europe/London';
const DAY = 86_400_000;

/** A London wall-clock time `YYYY-MM-DD HH:MM:SS` as UTC ms: the offset Intl gives at that instant. */
function londonToUtc(wall: string): number {
	const w = Date.parse(wall.replace(' ', 'T') + 'Z');
	let t = w;
	for (let i = 0; i < 3; i++) t = w - (intlWallClockMs(t, TZ) - t);
	return t;
}

function referenceRows(): RfmRow[] {
	const text = gunzipSync(readFileSync(FILE)).toString('utf8');
	const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
	const [header, ...lines] = parsed.data;
	const col = Object.fromEntries(header.map((h, i) => [h, i]));
	const seen = new Set<string>();
	const times = new Map<string, number>();
	const out: RfmRow[] = [];
	for (const line of lines) {
		const key = line.join('\u0001');
		if (seen.has(key)) continue;
		seen.add(key);
		const customer = line[col.CustomerID];
		const qty = Number(line[col.Quantity]);
		const price = Number(line[col.UnitPrice]);
		if (customer === '' || !(qty > 0) || !(price > 0)) continue;
		// Every id is written as an integer with ".0": the README's rule reads such a column as the integer.
		if (!/^\d+\.0$/.test(customer)) throw new Error(`CustomerID ${customer} is not written as 17850.0`);
		out.push({
			user: customer.slice(0, -2),
			t:
				times.get(line[col.InvoiceDate]) ??
				times.set(line[col.InvoiceDate], londonToUtc(line[col.InvoiceDate])).get(line[col.InvoiceDate])!,
			key: line[col.InvoiceNo],
			value: qty * price
		});
	}
	return out;
}

let core: EngineCore;
let rows: RfmRow[];
beforeAll(async () => {
	rows = referenceRows();
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

describe('RFM on Online Retail matches the reference', () => {
	const cases = [
		{ bins: 5, frequency: 'distinct:InvoiceNo' },
		{ bins: 4, frequency: 'events' },
		{ bins: 10, frequency: 'distinct:InvoiceNo' }
	] as const;
	for (const { bins, frequency } of cases) {
		test(`${bins} bins, frequency ${frequency}`, async () => {
			const asOfMs = rows.reduce((m, r) => Math.max(m, r.t), -Infinity) + DAY;
			const want = rfmReference(rows, {
				bins,
				asOfMs,
				frequency: frequency === 'events' ? 'events' : 'distinct'
			});
			const got = (await core.result({
				kind: 'rfm',
				monetary: 'Quantity * UnitPrice',
				frequency,
				bins,
				perUser: true
			})) as RfmResult;
			// 4,338 customers after the filters, the figure every write-up of this dataset reports.
			expect(got.users).toBe(4338);
			expect(want.users.size).toBe(4338);
			expect(got.asOf).toBe(new Date(asOfMs).toISOString().replace('Z', '000Z'));
			for (const k of ['recency', 'frequency', 'monetary'] as const)
				got.edges[k].forEach((e, i) => expect(e).toBeCloseTo(want.edges[k][i], 6));
			expect(got.segments).toEqual(want.segments);
			expect(got.scoreCounts).toEqual(want.scoreCounts);
			let mismatches = 0;
			for (const r of got.rows!) {
				const w = want.users.get(r.user)!;
				if (
					r.recency !== w.recency ||
					r.frequency !== w.frequency ||
					r.r !== w.r ||
					r.f !== w.f ||
					r.m !== w.m
				)
					mismatches++;
				expect(r.monetary).toBeCloseTo(w.monetary, 6);
			}
			expect(mismatches).toBe(0);
		});
	}

	test('an asOf in the past leaves out the later invoices', async () => {
		const asOf = '2011-06-30T23:00:00Z';
		const asOfMs = Date.parse(asOf);
		const want = rfmReference(rows, { bins: 5, asOfMs, frequency: 'distinct' });
		const got = (await core.result({
			kind: 'rfm',
			monetary: 'Quantity * UnitPrice',
			frequency: 'distinct:InvoiceNo',
			bins: 5,
			asOf
		})) as RfmResult;
		expect(got.users).toBe(want.users.size);
		expect(got.users).toBeLessThan(4338);
		expect(got.segments).toEqual(want.segments);
	});
});
