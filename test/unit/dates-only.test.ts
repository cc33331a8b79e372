/**
 * The report's `datesOnly` (engine/ingest/report.ts): present when every kept time is at midnight, whatever
 * way the dates are written, and absent as soon as one event has a time of day.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { datesOnly } from '../../src/lib/analyses/format.ts';
import { sessionMedianText } from '../../src/lib/messages.ts';

let duck: Database;
let tmp: string;
beforeAll(async () => {
	duck = await createNodeDuck();
	tmp = await mkdtemp(path.join(os.tmpdir(), 'footfall-dates-only-'));
});

async function report(name: string, lines: string[]) {
	const p = path.join(tmp, name);
	await writeFile(p, ['user,date,event', ...lines].join('\n') + '\n');
	return new EngineCore(duck).ingest([await nodeSource(p)], {});
}

describe('a file with dates only', () => {
	test('ISO dates, day-first dates and YYYYMMDD numbers are dates only', async () => {
		const iso = await report('iso.csv', ['a,2022-05-01,view', 'a,2022-05-03,buy', 'b,2022-05-02,view']);
		expect([iso.rows, iso.rejected, iso.datesOnly]).toEqual([3, 0, true]);
		const dmy = await report('dmy.csv', ['a,25/12/2024,view', 'b,03/01/2025,view']);
		expect([dmy.rows, dmy.rejected, dmy.datesOnly]).toEqual([2, 0, true]);
		const num = await report('num.csv', ['a,19970101,buy', 'b,19970315,buy']);
		expect([num.rows, num.rejected, num.datesOnly]).toEqual([2, 0, true]);
	});

	test('one time of day, even a second past midnight, and the file has times', async () => {
		const r = await report('timed.csv', ['a,2022-05-01,view', 'b,2022-05-02 00:00:01,view']);
		expect([r.rows, r.rejected]).toEqual([2, 0]);
		expect(r.datesOnly).toBeUndefined();
		const noon = await report('noon.csv', ['a,2022-05-01T12:00:00Z,view']);
		expect(noon.datesOnly).toBeUndefined();
	});
});

describe("the report's session median", () => {
	async function median(name: string, lines: string[]) {
		const p = path.join(tmp, name);
		await writeFile(p, ['user,date,event', ...lines].join('\n') + '\n');
		const core = new EngineCore(duck);
		const r = await core.ingest([await nodeSource(p)], {});
		const { medianSessionSeconds: s } = await core.derived();
		return { seconds: s, text: sessionMedianText(s, datesOnly(r)) };
	}

	test('dates only: no length to show', async () => {
		const m = await median('days.csv', ['a,2022-05-01,view', 'a,2022-05-01,buy', 'b,2022-05-02,view']);
		expect(m).toEqual({ seconds: 0, text: '— (the file has dates only, no time of day)' });
	});

	test('times of day, most sessions one instant (an invoice’s lines share a time): 0 s, and why', async () => {
		// Sessions a (3 lines at 10:00), b (one line), c (12:00 to 12:02:00, 120 s): lengths 0, 0, 120.
		const lines = [
			'a,2022-05-01T10:00:00Z,item',
			'a,2022-05-01T10:00:00Z,item',
			'a,2022-05-01T10:00:00Z,item'
		];
		lines.push('b,2022-05-01T11:00:00Z,item', 'c,2022-05-01T12:00:00Z,item', 'c,2022-05-01T12:02:00Z,item');
		const m = await median('instants.csv', lines);
		expect(m).toEqual({ seconds: 0, text: '0 s (half or more of the sessions are one instant)' });
	});

	test('a session median above 0 reads as a plain duration', async () => {
		// Lengths 90 s and 150 s: median 120 s, "2 min".
		const m = await median('spans.csv', [
			'a,2022-05-01T10:00:00Z,x',
			'a,2022-05-01T10:01:30Z,x',
			'b,2022-05-01T10:00:00Z,x',
			'b,2022-05-01T10:02:30Z,x'
		]);
		expect(m).toEqual({ seconds: 120, text: '2 min' });
	});
});
