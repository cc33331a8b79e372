/**
 * Times read as written, through a whole load: the shared cases (test/fixtures/cases, expected answers in
 * each README) and generated files. Pins: one guess per column from a sample (slash dates refused, month-first
 * dates past the first rows read day-first, epoch seconds landing in 1970), and one bad time costing the load.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { cliJson } from './support/run-cli.ts';

const CASES = path.resolve('test/fixtures/cases');
let duck: Database;
let tmp: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-times-'));
});

async function file(name: string, text: string) {
	const p = path.join(tmp, name);
	await writeFile(p, text);
	return nodeSource(p);
}

/** The CLI's JSON output for `argv` (exit 0 expected). */
const cli = cliJson;

const iso = (ms: number) => new Date(ms).toISOString();
const pad = (n: number) => String(n).padStart(2, '0');
/** Events per UTC day, counted here from the instants the test wrote. */
function perDay(instants: number[]) {
	const days = new Map<string, number>();
	for (const t of instants) days.set(iso(t).slice(0, 10), (days.get(iso(t).slice(0, 10)) ?? 0) + 1);
	return [...days].sort().map(([day, events]) => ({ day, events }));
}

describe('the shared cases', () => {
	test('slash-dates: Excel day-first dates without seconds were refused whole', async () => {
		const r = await cli('inspect', path.join(CASES, 'slash-dates/excel-dmy.csv'));
		expect(r).toMatchObject({ rows: 5, rejected: 0, firstTime: '2025-02-03T10:00:00.000Z' });
		expect(r.lastTime).toBe('2025-02-20T08:00:00.000Z');
		const control = await cli('inspect', path.join(CASES, 'slash-dates/control-with-seconds.csv'));
		expect(control.perDay).toEqual(r.perDay);
		expect([control.firstTime, control.lastTime]).toEqual([r.firstTime, r.lastTime]);
	});

	test("slash-dates: Online Retail's original month-first 12/1/2010 8:26 was refused whole", async () => {
		const r = await cli(
			'inspect',
			path.join(CASES, 'slash-dates/retail-mdy.csv'),
			'--map',
			'user=CustomerID,time=InvoiceDate,event=none'
		);
		expect(r).toMatchObject({ rows: 4, rejected: 0, firstTime: '2010-12-01T08:26:00.000Z' });
		expect(r.lastTime).toBe('2011-01-04T08:34:00.000Z');
		expect(r.notes.join(' ')).toMatch(/are month-first: 1 date \(like 12\/13\/2010 8:34\)/);
	});

	test('mixed-epoch-units: seconds among milliseconds landed in 1970 and the time column was not found', async () => {
		const r = await cli('inspect', path.join(CASES, 'mixed-epoch-units/input.csv'));
		expect(r.mapping.time).toBe('time');
		expect(r).toMatchObject({ rows: 5, rejected: 0, firstTime: '2025-01-06T10:00:00.000Z' });
		expect(r.lastTime).toBe('2025-01-08T10:00:00.000Z');
		expect(r.perDay.map((d: { events: number }) => d.events)).toEqual([2, 2, 1]);
		expect(r.timeFormat.mixed).toEqual({ units: { ms: 3, s: 2 } });
		expect(r.notes.join(' ')).toMatch(/mixes epoch units: 3 in milliseconds, 2 in seconds/);
	});
});

describe('the evidence of the whole column', () => {
	/** 40,000 month-first dates, every one ambiguous but the one at data row 30,000. */
	function monthFirst() {
		const instants: number[] = [];
		const lines: string[] = [];
		for (let i = 0; i < 40_000; i++) {
			const [month, day] = i === 29_999 ? [2, 14] : [1 + (i % 12), 1 + ((i * 7) % 12)];
			const [h, m] = [i % 24, (i * 13) % 60];
			instants.push(Date.UTC(2025, month - 1, day, h, m));
			lines.push(`u${i % 500},e,${pad(month)}/${pad(day)}/2025 ${pad(h)}:${pad(m)}`);
		}
		return { instants, lines };
	}

	test('month-first dates whose first proof comes after the first rows were read day-first', async () => {
		const { instants, lines } = monthFirst();
		const csv = await file('mdy30k.csv', 'user_id,event,time\n' + lines.join('\n') + '\n');
		const r = await new EngineCore(duck).ingest([csv], {});
		expect(r.mapping.time).toBe('time');
		expect(r.rejected).toBe(0);
		expect(r.timeFormat).toMatchObject({ kind: 'text', order: 'mdy' });
		expect(r.perDay.map((d) => ({ day: d.day, events: d.events }))).toEqual(perDay(instants));
		expect(r.notes.join(' ')).toMatch(/are month-first: 1 date \(like 02\/14\/2025/);
	});

	test('the same from JSON lines, where the dates arrive as text', async () => {
		const { instants, lines } = monthFirst();
		const json = lines.map((l) => {
			const [user, event, time] = l.split(',');
			return JSON.stringify({ user, event, time });
		});
		const r = await new EngineCore(duck).ingest([await file('mdy30k.jsonl', json.join('\n'))], {
			columns: { user: 'user', time: 'time', event: 'event' }
		});
		expect(r.rejected).toBe(0);
		expect(r.perDay.map((d) => ({ day: d.day, events: d.events }))).toEqual(perDay(instants));
	});

	test('Online Retail written as the original file writes it (12/1/2010 8:26) reads as its ISO copy', async () => {
		const text = gunzipSync(readFileSync('test/fixtures/data/online-retail/online_retail.csv.gz')).toString(
			'utf8'
		);
		const lines = text.split('\n');
		const at = lines[0].split(',').indexOf('InvoiceDate');
		let firstProof = -1;
		const rewritten = lines.map((line, i) => {
			const m = i === 0 ? null : /(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):00/.exec(line);
			if (!m) return line;
			const [y, mo, d, h, mi] = m.slice(1).map(Number);
			if (firstProof < 0 && d > 12) firstProof = i;
			return line.replace(m[0], `${mo}/${d}/${y} ${h}:${pad(mi)}`);
		});
		// The fault needs the first day over 12 past the rows a sample sees.
		expect(firstProof).toBeGreaterThan(20_000);
		expect(at).toBeGreaterThan(0);
		const core = new EngineCore(duck);
		const original = await core.ingest([await file('retail-mdy.csv', rewritten.join('\n'))], {});
		const copy = await core.ingest(
			[await nodeSource('test/fixtures/data/online-retail/online_retail.csv.gz')],
			{}
		);
		expect(original.rejected).toBe(0);
		for (const key of ['rows', 'users', 'firstTime', 'lastTime', 'perDay'] as const)
			expect([key, original[key]]).toEqual([key, copy[key]]);
	});

	test('a column mixing day-first and month-first dates reads each by its own evidence', async () => {
		const rows: [string, string][] = [
			['14/02/2025 10:00', '2025-02-14T10:00:00Z'],
			['15/02/2025 10:00', '2025-02-15T10:00:00Z'],
			['16/02/2025 10:00', '2025-02-16T10:00:00Z'],
			['02/20/2025 10:00', '2025-02-20T10:00:00Z'],
			['02/21/2025 10:00', '2025-02-21T10:00:00Z'],
			// Could be either: the majority (3 day-first against 2) reads them day-first.
			['03/02/2025 10:00', '2025-02-03T10:00:00Z'],
			['04/02/2025 10:00', '2025-02-04T10:00:00Z']
		];
		const csv = 'user_id,event,time\n' + rows.map(([t], i) => `u${i},e,${t}`).join('\n') + '\n';
		const r = await new EngineCore(duck).ingest([await file('mixed-order.csv', csv)], {});
		expect(r.rejected).toBe(0);
		const got = await duck.rows<{ t: number }>('SELECT epoch_ms(__time) AS t FROM events ORDER BY __row');
		expect(got.map((g) => iso(Number(g.t)))).toEqual(rows.map(([, want]) => iso(Date.parse(want))));
		expect(r.timeFormat).toMatchObject({ order: 'dmy', mixed: { dayFirst: 3, monthFirst: 2 } });
		expect(r.notes.join(' ')).toMatch(/mixes date orders: 3 dates can only be day-first/);
	});
});

describe('a time that fits no reading costs its row, never the load', () => {
	test('1e300 and 99999999999999999999 among epoch milliseconds are rejected with their reason', async () => {
		const start = Date.UTC(2025, 0, 6, 10);
		const lines = Array.from({ length: 60 }, (_, i) => `u${i % 7},e,${start + i * 3_600_000}`);
		lines[20] = 'u20,e,1e300';
		lines[40] = 'u40,e,99999999999999999999';
		const r = await new EngineCore(duck).ingest(
			[await file('e300.csv', 'user_id,event,time\n' + lines.join('\n'))],
			{}
		);
		expect(r.mapping.time).toBe('time');
		expect([r.rows, r.rejected]).toEqual([58, 2]);
		expect([r.firstTime, r.lastTime]).toEqual([iso(start), iso(start + 59 * 3_600_000)]);
		const reasons = r.rejectedExamples.map((x) => x.reason).join('\n');
		// The rest of the column is milliseconds, so both are read in milliseconds.
		expect(reasons).toMatch(/"1e\+?300" in "time" is after the year 9999 when read in milliseconds/);
		expect(reasons).toMatch(
			/"(99999999999999999999|1e\+20)" in "time" is after the year 9999 when read in milliseconds/
		);
	});

	test('a JSON number 1e300 costs its record', async () => {
		const records = [
			{ user: 'a', event: 'e', at: 1736157600000 },
			{ user: 'b', event: 'e', at: 1e300 },
			{ user: 'c', event: 'e', at: 1736244000000 }
		];
		const r = await new EngineCore(duck).ingest(
			[await file('e300.jsonl', records.map((x) => JSON.stringify(x)).join('\n'))],
			{ columns: { user: 'user', time: 'at', event: 'event' } }
		);
		expect([r.rows, r.rejected]).toEqual([2, 1]);
		expect(r.rejectedExamples[0].reason).toMatch(
			/"1e\+?300" in "at" is after the year 9999 when read in milliseconds/
		);
	});
});
