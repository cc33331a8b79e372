/**
 * A vendor's export gzipped, written as Parquet, or split into daily files must load as the plain file does.
 * Every expected figure is worked out from the fixture file itself and the vendor's documented semantics,
 * never from the engine.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { IngestReport } from '../../src/lib/engine/ingest/report.ts';
import { literal } from '../../src/lib/sql/quote.ts';
import { VENDORS } from './support/native-duck.ts';
import {
	engineAnonymousRows,
	engineRowsByUser,
	ingest,
	tmp,
	useVendorDuck
} from './support/vendor-engine.ts';
import { CASES, expectedOf, type Rec } from './support/vendor-reference.ts';

useVendorDuck();

describe('the same export in other containers', () => {
	/** The report minus what names the files on disk. */
	function content(r: IngestReport) {
		const { files, dataset, ...rest } = r;
		return {
			...rest,
			dataset: { ...dataset, files: [] },
			files: files.map(({ rows, rejected }) => ({ rows, rejected }))
		};
	}

	it('a gzipped Mixpanel export gives the same report as the plain one', async () => {
		const plain = path.join(VENDORS, 'mixpanel.jsonl');
		const gz = path.join(tmp, 'mixpanel.jsonl.gz');
		await writeFile(gz, gzipSync(readFileSync(plain)));
		const a = await ingest(plain);
		const b = await ingest(gz);
		expect(b.files[0]).toMatchObject({ name: 'mixpanel.jsonl.gz', format: 'jsonl' });
		expect(content(b)).toEqual(content(a));
	});

	it('PostHog written as Parquet by native DuckDB gives the same rows, users and time range', async () => {
		const csv = path.join(VENDORS, 'posthog.csv');
		const parquet = path.join(tmp, 'posthog.parquet');
		const native = await (await DuckDBInstance.create(':memory:')).connect();
		try {
			await native.run(
				`COPY (SELECT * FROM read_csv(${literal(csv)})) TO ${literal(parquet)} (FORMAT parquet)`
			);
		} finally {
			native.closeSync();
		}
		const want = expectedOf(CASES[0].read(csv), true);
		const report = await ingest(parquet);
		expect(report.files[0].format).toBe('parquet');
		expect(report.vendor).toBe('posthog');
		expect(report.mapping).toMatchObject(CASES[0].mapping);
		expect(report.rows).toBe(want.rows);
		expect(report.users).toBe(want.users);
		expect(report.events).toBe(want.events);
		expect(report.firstTime).toBe(want.firstTime);
		expect(report.lastTime).toBe(want.lastTime);
		expect(await engineRowsByUser('event')).toEqual(want.rowsByUser);
	});

	it('Segment split into daily files gives the same totals and identities as the single file', async () => {
		const single = path.join(VENDORS, 'segment.jsonl');
		const byDay = new Map<string, string[]>();
		for (const line of readFileSync(single, 'utf8').split('\n')) {
			if (line.trim() === '') continue;
			const day = String((JSON.parse(line) as Rec).timestamp).slice(0, 10);
			byDay.set(day, [...(byDay.get(day) ?? []), line]);
		}
		expect(byDay.size).toBeGreaterThan(5);
		const files: string[] = [];
		for (const [day, lines] of [...byDay].sort()) {
			const f = path.join(tmp, `segment-${day}.jsonl`);
			await writeFile(f, lines.join('\n') + '\n');
			files.push(f);
		}
		const segment = CASES.find((c) => c.vendor === 'segment')!;
		const want = expectedOf(segment.read(single), true);

		const report = await ingest(...files);
		expect(report.files.map((f) => f.rows)).toEqual([...byDay].sort().map(([, lines]) => lines.length));
		expect(report.vendor).toBe('segment');
		expect(report.mapping).toMatchObject(segment.mapping);
		expect(report.rows).toBe(want.rows);
		expect(report.duplicates).toBe(want.duplicates);
		expect(report.users).toBe(want.users);
		expect(report.events).toBe(want.events);
		expect(report.firstTime).toBe(want.firstTime);
		expect(report.lastTime).toBe(want.lastTime);
		expect(report.identity).toMatchObject(want.identity);
		expect(await engineRowsByUser('event')).toEqual(want.rowsByUser);
		expect(await engineAnonymousRows('userId')).toEqual(want.anonymousRows);
	});
});
