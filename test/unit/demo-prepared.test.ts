import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { SourceFile } from '../../src/lib/engine/source.ts';
import { prepareDemo } from '../../src/lib/demo/prepare.ts';
import { DEMO_FILE, DEMO_PATHS, readPrepared, type PreparedDemo } from '../../src/lib/demo/prepared.ts';
import { defaultSpecs } from '../../src/lib/demo/default-specs.ts';
import { analysisKeyText, parseAnalysis } from '../../src/lib/analyses/spec.ts';

/**
 * The demo's prepared report (src/lib/demo/prepared.ts) is what the engine computes from the demo CSV, the
 * source of truth: computed again here from static/data/demo-shop.csv.gz with the current ingest, it must
 * equal the shipped file field for field, so a changed CSV, ingest or analysis fails here until
 * `npm run demo:prepare` writes it again.
 */
const shipped = (site: string) => readFile(path.join('static/data', path.basename(site)));

let scratch: string;
let fresh: EngineCore;
let csv: SourceFile;
let text: string;
let computed: PreparedDemo;
let json: PreparedDemo;

beforeAll(async () => {
	scratch = await mkdtemp(path.join(os.tmpdir(), 'footfall-demo-'));
	const file = path.join(scratch, DEMO_FILE.name);
	text = gunzipSync(await shipped(DEMO_PATHS.csv)).toString('utf8');
	await writeFile(file, text);
	csv = await nodeSource(file);
	fresh = new EngineCore(await createNodeDuck());
	computed = await prepareDemo(fresh, csv);
	json = JSON.parse((await shipped(DEMO_PATHS.prepared)).toString('utf8')) as PreparedDemo;
});
afterAll(async () => {
	await fresh.duck.close();
	await rm(scratch, { recursive: true, force: true });
});

describe('the demo report as shipped is what the engine computes from its CSV', () => {
	test('the prepared report, summaries and fingerprint equal a fresh computation', () => {
		// Through JSON, as the file is written: the same text, field for field.
		expect(json).toEqual(JSON.parse(JSON.stringify(computed)));
		expect(readPrepared(json)).toBe(json);
		expect(json.file).toEqual({ ...DEMO_FILE, size: csv.size });
	});

	test('its headline figures are the CSV as papaparse reads it: rows are unique event ids', () => {
		const rows = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
		expect(json.report.rows).toBe(new Set(rows.map((r) => r.uuid)).size);
		expect(json.report.events).toBe(new Set(rows.map((r) => r.event)).size);
	});

	test('every prepared result is what a fresh engine computes for its spec, key for key', async () => {
		const specs = defaultSpecs(computed.report).map((s) => parseAnalysis(s));
		expect(json.results.map((r) => r.spec)).toEqual(specs);
		expect(new Set(specs.map((s) => s.kind))).toEqual(
			new Set(['trend', 'retention', 'kpi', 'stickiness', 'lifecycle', 'paths', 'funnel'])
		);
		for (const r of json.results) {
			expect(r.key).toBe(analysisKeyText(fresh.fingerprint, r.spec));
			const result = await fresh.result(r.spec);
			// Strictly: a value JSON cannot carry (undefined, NaN, a Date) would differ on the page.
			expect(JSON.parse(JSON.stringify(result))).toStrictEqual(result);
			expect(r.result).toStrictEqual(result);
		}
	});

	test('the prepared weekly trend is the unique events of the CSV per London week, counted here', () => {
		const rows = Papa.parse<Record<string, string>>(text.trim(), { header: true }).data;
		const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
		const perWeek = new Map<string, Set<string>>();
		for (const r of rows) {
			const d = new Date(`${day.format(new Date(r.timestamp))}T00:00:00Z`);
			d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
			const week = d.toISOString().slice(0, 10);
			perWeek.set(week, (perWeek.get(week) ?? new Set()).add(r.uuid));
		}
		const trend = json.results.find((r) => r.spec.kind === 'trend')!.result as {
			series: { points: { period: string; value: number }[] }[];
		};
		const counted = [...perWeek].map(([period, ids]) => ({ period, value: ids.size }));
		expect(trend.series[0].points).toEqual(counted.sort((a, b) => a.period.localeCompare(b.period)));
	});

	test('a file that is not this version of it is refused, so the page reads the CSV instead', () => {
		expect(readPrepared({ ...json, version: 1 } as unknown)).toBeNull();
		expect(readPrepared({ ...json, results: undefined })).toBeNull();
		expect(readPrepared({ ...json, file: { ...json.file, name: 'other.csv' } })).toBeNull();
		expect(readPrepared({ ...json, report: undefined })).toBeNull();
		expect(readPrepared(null)).toBeNull();
	});
});
