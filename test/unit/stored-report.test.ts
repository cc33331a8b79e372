import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nodeSource } from '../../src/lib/engine/node-duck.ts';
import type { SourceFile } from '../../src/lib/engine/source.ts';
import type { IngestReport } from '../../src/lib/engine/ingest/report.ts';
import { FootfallDb, type WorkspaceDataset } from '../../src/lib/workspace/db.ts';
import { IndexedDbKeeper } from '../../src/lib/workspace/keep-files.ts';
import { WorkspaceStore } from '../../src/lib/workspace/workspaces.ts';
import {
	checkStoredReport,
	storedReport,
	withSummaries,
	type StoredReport
} from '../../src/lib/workspace/stored-report.ts';
import { bench, type Bench } from './support/ingest-files.ts';

/** Hand-counted: 6 rows, 3 users (ann, bob, cat), 2 event names, 2022-05-01 09:00 to 2022-05-04 11:00 UTC. */
const CSV =
	[
		'user,time,event,plan',
		'ann,2022-05-01T09:00:00Z,view,free',
		'ann,2022-05-02T09:00:00Z,buy,free',
		'bob,2022-05-01T10:00:00Z,view,pro',
		'bob,2022-05-03T10:00:00Z,view,pro',
		'cat,2022-05-02T11:00:00Z,view,free',
		'cat,2022-05-04T11:00:00Z,buy,free'
	].join('\n') + '\n';
const MODIFIED = 1_700_000_000_000;

let b: Bench;
let source: SourceFile;
let report: IngestReport;
let fingerprint: string;

/** The dataset record the workspace keeps after the load (WorkspaceSession.#keep). */
function dataset(stored: StoredReport | undefined = storedReport(report, fingerprint)): WorkspaceDataset {
	return {
		label: 'shop.csv',
		files: [{ name: 'shop.csv', size: CSV.length, lastModified: MODIFIED, type: 'text/csv' }],
		input: { timezone: 'UTC' },
		fingerprint,
		stored: true,
		bytes: CSV.length,
		report: stored
	};
}
const kept = (over: Partial<{ name: string; size: number; lastModified: number }> = {}) => [
	{ name: 'shop.csv', size: CSV.length, lastModified: MODIFIED, ...over }
];

beforeAll(async () => {
	b = await bench();
	source = { ...(await nodeSource(await b.write('shop.csv', CSV))), lastModified: MODIFIED };
	report = await b.core.ingest([source], { timezone: 'UTC' });
	fingerprint = b.core.fingerprint;
});
afterAll(() => b.duck.close());

describe('the report kept with a dataset is shown only for its own files and mapping', () => {
	test('kept in the workspace with its files, read back: it matches, with the hand-counted numbers', async () => {
		const db = new FootfallDb('stored-report-roundtrip');
		const store = new WorkspaceStore(db, new IndexedDbKeeper(db));
		const w = await store.current();
		const { stored: _s, bytes: _b, ...toKeep } = dataset();
		const file = new File([CSV], 'shop.csv', { type: 'text/csv', lastModified: MODIFIED });
		await store.keepDataset(w.id, toKeep, [file]);
		const back = (await store.get(w.id))!.dataset!;
		const files = (await store.keptFiles(w.id))!;
		const check = checkStoredReport(back, files);
		expect(check.ok).toBe(true);
		if (!check.ok) return;
		const r = check.stored.report;
		expect([r.rows, r.users, r.events, r.firstTime, r.lastTime]).toEqual([
			6,
			3,
			2,
			'2022-05-01T09:00:00.000Z',
			'2022-05-04T11:00:00.000Z'
		]);
		expect(r).toEqual(report);
		store.close();
	});

	test('loading the same kept file again gives the kept fingerprint (what makes the kept report valid)', async () => {
		const again = await bench();
		const src = { ...(await nodeSource(await again.write('shop.csv', CSV))), lastModified: MODIFIED };
		await again.core.ingest([src], { timezone: 'UTC' });
		expect(again.core.fingerprint).toBe(fingerprint);
		await again.duck.close();
	});

	test('mismatch: a file of another size, time or name, a missing file, or an extra one', () => {
		expect(checkStoredReport(dataset(), kept())).toMatchObject({ ok: true });
		for (const files of [
			kept({ size: CSV.length + 1 }),
			kept({ lastModified: MODIFIED + 1 }),
			kept({ name: 'other.csv' }),
			[],
			[...kept(), ...kept({ name: 'more.csv' })]
		]) {
			expect(checkStoredReport(dataset(), files)).toEqual({
				ok: false,
				why: 'the kept files are not the ones it was made from'
			});
		}
	});

	test('mismatch: a report of another load, a report whose numbers are not its fingerprint, none kept', () => {
		const other = storedReport(report, fingerprint.replace('"rows":6', '"rows":7'));
		expect(checkStoredReport(dataset(other), kept())).toEqual({
			ok: false,
			why: 'the kept report is of another load of it'
		});
		const edited = storedReport({ ...report, rows: 5 }, fingerprint);
		expect(checkStoredReport(dataset(edited), kept())).toEqual({
			ok: false,
			why: 'the kept report does not match its files and mapping'
		});
		const otherZone = storedReport(
			{ ...report, dataset: { ...report.dataset, timezone: 'Europe/Paris' } },
			fingerprint
		);
		expect(checkStoredReport(dataset(otherZone), kept())).toMatchObject({ ok: false });
		expect(checkStoredReport({ ...dataset(), report: undefined }, kept())).toEqual({
			ok: false,
			why: 'no report was kept with it'
		});
	});

	test("a remap left the files' modification times out of its fingerprint (regression): a new mapping is a new fingerprint, mapping back gives the load's again", async () => {
		const remapped = await b.core.remap({
			timezone: 'UTC',
			filters: [{ column: 'plan', op: '=', value: 'pro' }]
		});
		expect(remapped.rows).toBe(2);
		const fp2 = b.core.fingerprint;
		expect(fp2).not.toBe(fingerprint);
		expect(checkStoredReport(dataset(storedReport(remapped, fp2)), kept())).toMatchObject({ ok: false });
		expect(
			checkStoredReport({ ...dataset(storedReport(remapped, fp2)), fingerprint: fp2 }, kept())
		).toMatchObject({
			ok: true
		});
		await b.core.remap({ timezone: 'UTC' });
		expect(b.core.fingerprint).toBe(fingerprint);
	});

	test('summaries land on the report of their own load only', () => {
		const derived = { sessions: 5, medianSessionSeconds: 0, sessionSource: 'gap' } as never;
		const distinct = [{ name: 'plan', distinct: 2 }];
		const mine = storedReport(report, fingerprint);
		expect(withSummaries(mine, fingerprint, derived, distinct)).toMatchObject({ derived, distinct });
		expect(withSummaries(mine, 'another load', derived, distinct)).toBe(mine);
		expect(withSummaries(undefined, fingerprint, derived, distinct)).toBeUndefined();
	});
});
