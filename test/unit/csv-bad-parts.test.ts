// A bad part costs that part: one 3 MB field aborted the whole CSV; a gzip cut in half loaded its first half
// without a word; a .gz name on plain text (what a browser hands over after Content-Encoding: gzip) failed
// with "Input is not a GZIP stream"; messages said "CSV Error on Line: 1" and named internal files.
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';
import { bench, type Bench } from './support/ingest-files.ts';
import { csvErrorMessage } from '../../src/lib/engine/formats/csv.ts';

let b: Bench;
beforeAll(async () => {
	b = await bench();
});

const lines = (n: number, from = 0) =>
	Array.from(
		{ length: n },
		(_, i) => `u${(from + i) % 97},2025-01-0${1 + ((from + i) % 9)}T10:00:00Z,e${i % 5}`
	);
const csv = (body: string[]) => ['user,time,event', ...body].join('\n') + '\n';

describe('a bad part costs that part', () => {
	test('one 3 MB field costs its line, rejected with the reason and its line number', async () => {
		const body = lines(200);
		body[120] = `u1,2025-01-01T10:00:00Z,${'x'.repeat(3_000_000)}`;
		const report = await b.load('huge-field.csv', csv(body));
		expect(report.rows).toBe(199);
		expect(report.rejected).toBe(1);
		expect(report.rejectedExamples[0]).toMatchObject({ file: 'huge-field.csv', line: 122 });
		expect(report.rejectedExamples[0].reason).toMatch(/3\.0 MB long/);
	});

	test('a gzip cut in half loads its readable rows and the report says the file is cut off', async () => {
		const whole = gzipSync(csv(lines(60_000)));
		const half = whole.subarray(0, Math.floor(whole.length / 2));
		// Independently: what zlib can decompress of the half, up to its last complete line.
		const readable = gunzipSync(half, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
		const complete = readable.slice(0, readable.lastIndexOf('\n') + 1).split('\n').length - 2;
		expect(complete).toBeGreaterThan(1000);
		const report = await b.load('cut.csv.gz', half);
		expect(report.files[0].truncated).toBe(true);
		expect(report.rows).toBe(complete);
		expect(report.rejected).toBe(0);
		const whole2 = await b.load('whole.csv.gz', whole);
		expect(whole2.files[0].truncated).toBeUndefined();
		expect(whole2.rows).toBe(60_000);
	});

	test('a gzip damaged in the middle keeps the rows before the damage and says so', async () => {
		const whole = Buffer.from(gzipSync(csv(lines(60_000))));
		for (let i = 0; i < 64; i++) whole[Math.floor(whole.length / 2) + i] ^= 0x5a;
		const report = await b.load('damaged.csv.gz', whole);
		expect(report.files[0].truncated).toBe(true);
		expect(report.rows).toBeGreaterThan(1000);
		expect(report.rows).toBeLessThan(60_000);
	});

	test('compression comes from the bytes: a .gz name on plain text and a .csv name on gzip both load', async () => {
		const text = csv(lines(500));
		for (const [name, bytes] of [
			['unpacked-by-the-browser.csv.gz', text],
			['really-gzip.csv', gzipSync(text)],
			['no-extension', gzipSync(text)],
			['events.parquet', text]
		] as const) {
			const report = await b.load(name, bytes);
			expect(report.rows, name).toBe(500);
			expect(report.users, name).toBe(97);
		}
	});

	test('5,000 columns load', async () => {
		const n = 5000;
		const header = ['user', 'time', 'event', ...Array.from({ length: n - 3 }, (_, i) => `c${i}`)];
		const rows = Array.from({ length: 5 }, (_, r) =>
			[
				`u${r}`,
				`2025-01-0${r + 1}T10:00:00Z`,
				'e',
				...Array.from({ length: n - 3 }, (_, i) => String(r * i))
			].join(',')
		);
		const report = await b.load('wide.csv', [header.join(','), ...rows].join('\n') + '\n');
		expect(report.rows).toBe(5);
		expect(report.columns).toHaveLength(n);
		expect(report.columns.at(-1)).toMatchObject({ name: `c${n - 4}`, type: 'BIGINT' });
		expect(await b.rows(`SELECT sum(c4996)::INT AS s FROM events`)).toEqual([
			{ s: 4996 * (0 + 1 + 2 + 3 + 4) }
		]);
	}, 600_000);

	test('"CSV Error on Line: 1" becomes the reason, with the file name and no internal name', async () => {
		const path = await b.write('long-line.csv', `a,b\n1,${'y'.repeat(2_100_000)}\n`);
		const { nodeSource } = await import('../../src/lib/engine/node-duck.ts');
		await b.duck.files.register('/inputs/__g999_file0', await nodeSource(path));
		let error: unknown;
		try {
			await b.duck.rows(`SELECT * FROM sniff_csv('/inputs/__g999_file0')`);
		} catch (e) {
			error = e;
		}
		expect(String(error)).toMatch(/CSV Error on Line: 1/);
		const message = csvErrorMessage('long-line.csv', error);
		expect(message).toMatch(/^long-line\.csv could not be read as a delimited text file: Maximum line size/);
		expect(message).not.toMatch(/inputs|__g|Line: 1|Original Line|Possible Solution/);
		b.duck.files.forget((n) => n === '/inputs/__g999_file0');
	});
});
