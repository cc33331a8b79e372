/**
 * A cluster saved as a segment from data without a time column (issue 13, fault 5). The fault: DBSCAN's noise
 * (or any k-means or DBSCAN group) saved as a segment from the Mall customers table showed "n/a" as its size
 * in the sidebar, because a segment could only be counted on data with a time column, though a fixed list of
 * users reads no time. The expected sizes are counted here from the CSV text and the saved lists alone.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { needsTime, parseAnalysis } from '../../src/lib/analyses/spec.ts';
import { NOISE_LABEL, type DbscanResult } from '../../src/lib/analyses/dbscan/spec.ts';
import type { KmeansResult } from '../../src/lib/analyses/kmeans/spec.ts';
import type { SegmentResult } from '../../src/lib/analyses/segment/spec.ts';

const MALL = path.resolve(__dirname, '../fixtures/data/mall-customers/Mall_Customers.csv');
/** CustomerID of every row of the CSV, read as text. */
const IDS = new Set(
	readFileSync(MALL, 'utf8')
		.trim()
		.split(/\r?\n/)
		.slice(1)
		.map((line) => line.split(',')[0])
);
const FEATURES = [
	{ agg: 'first' as const, column: 'Age', name: 'age' },
	{ agg: 'first' as const, column: 'Annual Income (k$)', name: 'income' },
	{ agg: 'first' as const, column: 'Spending Score (1-100)', name: 'score' }
];

let mall: EngineCore;
beforeAll(async () => {
	mall = new EngineCore(await createNodeDuck());
	await mall.ingest([await nodeSource(MALL)], { columns: { user: 'CustomerID' } });
});

/** What the sidebar runs for a saved segment's size (SegmentSizes). */
const size = async (rule: unknown) =>
	(await mall.result({ kind: 'segment', rule } as never)) as SegmentResult;

describe('segments saved from clusters of data without times', () => {
	test('DBSCAN noise saved as a segment showed size n/a on data without a time column: now its user count', async () => {
		const r = (await mall.result({
			kind: 'dbscan',
			features: FEATURES,
			scale: 'zscore',
			eps: 0.6,
			minPts: 5,
			perUser: true
		})) as DbscanResult;
		// The list DbscanModel.save keeps for the noise.
		const noise = (r.rows ?? []).filter((u) => u.cluster === NOISE_LABEL).map((u) => u.user);
		expect(noise.length).toBeGreaterThan(0);
		expect(noise.every((id) => IDS.has(id))).toBe(true);
		const s = await size({ users: noise });
		expect(s.users).toBe(new Set(noise).size);
		expect(s.share).toBeCloseTo(new Set(noise).size / IDS.size, 12);
		// Lists combined stay timeless: the noise without its first three users.
		const out = await size({ all: [{ users: noise }, { not: { users: noise.slice(0, 3) } }] });
		expect(out.users).toBe(new Set(noise).size - 3);
	});

	test('a k-means cluster saved as a segment is counted the same way', async () => {
		const r = (await mall.result({
			kind: 'kmeans',
			features: FEATURES.slice(1),
			scale: 'zscore',
			k: 5,
			perUser: true
		})) as KmeansResult;
		const first = (r.rows ?? []).filter((u) => u.cluster === 0).map((u) => u.user);
		expect((await size({ users: first })).users).toBe(new Set(first).size);
	});

	test('a rule that reads times still needs a time column, and says so', async () => {
		await expect(size({ firstSeen: true, within: { last: 30, unit: 'day' } })).rejects.toThrow(
			/needs a time column/
		);
		expect(needsTime(parseAnalysis({ kind: 'segment', rule: { users: ['1'] } }))).toBe(false);
		expect(
			needsTime(parseAnalysis({ kind: 'segment', rule: { any: [{ users: ['1'] }, { did: 'buy' }] } }))
		).toBe(true);
		expect(needsTime(parseAnalysis({ kind: 'trend', measure: 'users' }))).toBe(true);
	});
});
