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

/**
 * The demo's prepared report (src/lib/demo/prepared.ts) is what the engine computes from the demo CSV, the
 * source of truth: computed again here from static/data/demo-shop.csv.gz with the current ingest, it must
 * equal the shipped file field for field, so a changed CSV or ingest fails here until `npm run demo:prepare`
 * writes it again.
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

	test('a file that is not this version of it is refused, so the page reads the CSV instead', () => {
		expect(readPrepared({ ...json, version: 2 })).toBeNull();
		expect(readPrepared({ ...json, file: { ...json.file, name: 'other.csv' } })).toBeNull();
		expect(readPrepared({ ...json, report: undefined })).toBeNull();
		expect(readPrepared(null)).toBeNull();
	});
});
