/**
 * `dataset.sourceTimezone` (SEMANTICS §1): the zone of times written without one, apart from `timezone`, the
 * zone of calendar days. Pins: a vendor's zone-less UTC times read as wall clock in the analysis zone, which
 * moved every instant and put users in the wrong day's cohort.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { detectLayout, type ColumnInfo } from '../../src/lib/engine/layout.ts';
import { cliJson } from './support/run-cli.ts';
import { MappingForm } from '../../src/lib/components/ingest/mapping-form.svelte.ts';
import { SpecError } from '../../src/lib/spec/check.ts';
import { validateDataset } from '../../src/lib/spec/dataset.ts';
import { intlWallClock } from './support/intl-wall-clock.ts';
import { wallToUtcRef } from './support/time-reference.ts';

const CASE = path.resolve('test/fixtures/cases/vendor-utc-without-zone');
let duck: Database;
let tmp: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-source-tz-'));
});

const cli = cliJson;

describe('vendor-utc-without-zone', () => {
	test("Amplitude's zone-less UTC event_time was read as Paris wall clock", async () => {
		const r = await cli('inspect', path.join(CASE, 'export.json'), '--tz', 'Europe/Paris');
		expect([r.firstTime, r.lastTime]).toEqual(['2025-01-06T23:30:00.000Z', '2025-01-08T10:00:00.000Z']);
		expect(r.dataset).toMatchObject({ timezone: 'Europe/Paris', sourceTimezone: 'UTC' });
		expect(r.notes.join(' ')).toMatch(/Amplitude documents event_time as UTC but writes no zone/);
		// Bucketed in Paris: 23:30 UTC on the 6th is 00:30 on the 7th.
		expect(r.perDay.map((d: { day: string }) => d.day)).toEqual(['2025-01-07', '2025-01-08']);
	});

	test('its retention, cohorts in Paris days, puts both users in the 7 January cohort', async () => {
		const r = await cli('run', path.join(CASE, 'spec.json'));
		expect(r.cohorts).toEqual([{ cohort: '2025-01-07', size: 2, values: [2, 1, null] }]);
	});

	test('--source-tz overrides the vendor default', async () => {
		const r = await cli(
			'inspect',
			path.join(CASE, 'export.json'),
			'--tz',
			'Europe/Paris',
			'--source-tz',
			'Europe/Paris'
		);
		expect(r.firstTime).toBe('2025-01-06T22:30:00.000Z');
		expect(r.dataset.sourceTimezone).toBe('Europe/Paris');
	});
});

describe('zone-less times in a source zone other than the bucketing zone', () => {
	/** Every 10 minutes over New York's 2025 changes (gap and repeated hour) and Paris's spring change. */
	function walls(): string[] {
		const out: string[] = [];
		for (const day of ['2025-03-09', '2025-03-30', '2025-11-02']) {
			const t0 = Date.parse(day + 'T00:00:00Z') - 3 * 3_600_000;
			for (let t = t0; t < t0 + 30 * 3_600_000; t += 600_000)
				out.push(new Date(t).toISOString().slice(0, 19).replace('T', ' '));
		}
		return out;
	}

	test.each([
		['ISO text (a TIMESTAMP column)', (w: string) => w],
		// Without seconds, so the CSV reader leaves it as text for Footfall's own reading.
		[
			'day/month text',
			(w: string) => `${w.slice(8, 10)}/${w.slice(5, 7)}/${w.slice(0, 4)} ${w.slice(11, 16)}`
		]
	])('%s: instants and Paris days match Intl, across both zones’ DST changes', async (_, spell) => {
		const all = walls();
		const csv = 'user_id,event,time\n' + all.map((w, i) => `u${i % 9},e,${spell(w)}`).join('\n') + '\n';
		const p = path.join(tmp, `dst-${all.length}-${spell('2025-01-02 03:04:05').length}.csv`);
		await writeFile(p, csv);
		const r = await new EngineCore(duck).ingest([await nodeSource(p)], {
			timezone: 'Europe/Paris',
			sourceTimezone: 'America/New_York'
		});
		expect([r.rows, r.rejected]).toEqual([all.length, 0]);
		if (spell('2025-01-02 03:04:05').includes('/')) expect(r.timeFormat?.kind).toBe('text');
		const got = await duck.rows<{ t: number; l: string }>(
			`SELECT epoch_ms(__time) AS t, strftime(__local, '%Y-%m-%d %H:%M:%S') AS l FROM events ORDER BY __row`
		);
		const want = all.map((w) => {
			const t = wallToUtcRef('America/New_York', w);
			return { t, l: intlWallClock(t, 'Europe/Paris') };
		});
		expect(got.map((g) => ({ t: Number(g.t), l: g.l }))).toEqual(want);
	});

	test('zoned times and epochs are instants: the source zone does not move them', async () => {
		const p = path.join(tmp, 'zoned.csv');
		await writeFile(p, 'user_id,event,time\nu1,e,2025-01-06T10:00:00Z\nu2,e,2025-01-06T12:00:00+02:00\n');
		const r = await new EngineCore(duck).ingest([await nodeSource(p)], { sourceTimezone: 'Asia/Tokyo' });
		expect([r.firstTime, r.lastTime]).toEqual(['2025-01-06T10:00:00.000Z', '2025-01-06T10:00:00.000Z']);
		const q = path.join(tmp, 'epochs.csv');
		await writeFile(q, 'user_id,event,time\nu1,e,1736157600000\nu2,e,1736157600\n');
		const e = await new EngineCore(duck).ingest([await nodeSource(q)], { sourceTimezone: 'Asia/Tokyo' });
		expect([e.firstTime, e.lastTime]).toEqual(['2025-01-06T10:00:00.000Z', '2025-01-06T10:00:00.000Z']);
	});

	test('without a vendor default, zone-less times follow timezone', async () => {
		const p = path.join(tmp, 'plain.csv');
		await writeFile(p, 'user_id,event,time\nu1,e,2025-01-06 10:00:00\n');
		const r = await new EngineCore(duck).ingest([await nodeSource(p)], { timezone: 'Asia/Tokyo' });
		expect(r.dataset.sourceTimezone).toBe('Asia/Tokyo');
		expect(r.firstTime).toBe('2025-01-06T01:00:00.000Z');
	});
});

describe('the field in specs, layouts and the mapping panel', () => {
	const dataset = { files: ['a.csv'], columns: { user: 'u' } };
	const specError = (x: unknown) => {
		try {
			validateDataset(x);
		} catch (e) {
			if (e instanceof SpecError) return e;
		}
		throw new Error('no SpecError');
	};

	test('spec errors name the field; the default is left to ingest', () => {
		const bad = specError({ ...dataset, sourceTimezone: 'Mars/Olympus_Mons' });
		expect(bad.path).toBe('dataset.sourceTimezone');
		expect(bad.message).toMatch(/dataset.sourceTimezone must be an IANA time zone name/);
		expect(specError({ ...dataset, sourceTimezone: 3 }).path).toBe('dataset.sourceTimezone');
		expect(specError({ ...dataset, dateOrder: 'ymd' }).path).toBe('dataset.dateOrder');
		expect(validateDataset({ ...dataset, sourceTimezone: 'Asia/Tokyo' }).sourceTimezone).toBe('Asia/Tokyo');
		const resolved = validateDataset(dataset);
		expect(resolved.sourceTimezone).toBeUndefined();
		expect(resolved.dateOrder).toBe('auto');
	});

	test('layouts documented as UTC default to UTC; the others to none', () => {
		const col = (name: string, sample: unknown[]): ColumnInfo => ({ name, type: 'VARCHAR', sample });
		const t = ['2025-01-06 10:00:00'];
		const layouts: [ColumnInfo[], string | null][] = [
			[[col('user_id', ['u']), col('event_type', ['e']), col('event_time', t)], 'UTC'],
			[[col('event_id', ['1']), col('domain_userid', ['d']), col('derived_tstamp', t)], 'UTC'],
			[[col('userId', ['u']), col('event', ['e']), col('timestamp', t), col('messageId', ['m'])], 'UTC'],
			[[col('distinct_id', ['u']), col('event', ['e']), col('timestamp', t)], null],
			[[col('user', ['u']), col('when', t)], null]
		];
		expect(layouts.map(([c]) => detectLayout(c).sourceTimezone)).toEqual(layouts.map(([, z]) => z));
	});

	test('the mapping panel shows the default, explains it, and sends only a zone the user set', async () => {
		const report = await new EngineCore(duck).ingest([await nodeSource(path.join(CASE, 'export.json'))], {
			timezone: 'Europe/Paris'
		});
		const form = new MappingForm(() => report);
		expect(form.sourceTimezone).toBe('');
		expect(form.sourceDefault).toBe('UTC');
		expect(form.sourceNote).toMatch(/Amplitude writes its times in UTC/);
		expect(form.toInput().sourceTimezone).toBeUndefined();
		form.sourceTimezone = 'Europe/Paris';
		expect(form.toInput().sourceTimezone).toBe('Europe/Paris');

		const p = path.join(tmp, 'generic.csv');
		await writeFile(p, 'user_id,event,time\nu1,e,2025-01-06 10:00:00\n');
		const generic = await new EngineCore(duck).ingest([await nodeSource(p)], { timezone: 'Asia/Tokyo' });
		const g = new MappingForm(() => generic);
		expect([g.sourceTimezone, g.sourceDefault]).toEqual(['', 'Asia/Tokyo']);
		g.timezone = 'Europe/London';
		expect(g.sourceDefault).toBe('Europe/London');
		expect(g.sourceNote).toMatch(/read in the time zone above/);
	});
});
