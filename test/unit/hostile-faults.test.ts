// Faults the hostile corpus (test/hostile/corpus.ts) found, one test each, named after the fault. Every
// input is made here; expected values are counted by hand or by zlib and DuckDB's native build.
import { beforeAll, describe, expect, test } from 'vitest';
import { truncate } from 'node:fs/promises';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { bench, type Bench } from './support/ingest-files.ts';
import { nodeSource, zlibInflater } from '../../src/lib/engine/node-duck.ts';
import { gunzip, GzipDamaged } from '../../src/lib/engine/formats/gunzip.ts';
import { MAX_LOAD_BYTES } from '../../src/lib/engine/size-limit.ts';
import { gzipBomb, utf8 } from '../hostile/make.ts';
import { nativeParquetGroups } from '../hostile/kinds/structured.ts';

let b: Bench;
beforeAll(async () => {
	b = await bench();
	await b.load('before.csv', 'user,time,event\nkeep,2025-01-01T00:00:00Z,a\n');
});

const iso = (h: number) => new Date(Date.UTC(2025, 0, 1) + h * 3_600_000).toISOString();
const lines = (n: number, extra = '') =>
	Array.from({ length: n }, (_, i) => `u${i % 4},${iso(i)},e${i % 3}${extra}`);

/** The message a failed load gives; the dataset before it must still be in force. */
async function refusal(load: () => Promise<unknown>): Promise<string> {
	const before = b.core.report;
	expect(before).not.toBeNull();
	const message = await load().then(
		() => 'loaded',
		(e: unknown) => (e instanceof Error ? e.message : String(e))
	);
	expect(b.core.report).toBe(before);
	return message;
}

describe('faults the hostile corpus found', () => {
	test('an event name "__proto__" in a chart label gave every object of the page `prev` and `next` (zrender\'s text width cache)', async () => {
		await import('../../src/lib/components/charts/echarts.ts');
		const { default: LRU } = await import('zrender/lib/core/LRU.js');
		const cache = new LRU<number>(3);
		for (const label of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'a', 'b']) {
			expect(cache.get(label), label).toBeUndefined();
			cache.put(label, label.length);
			expect(cache.get(label), label).toBe(label.length);
		}
		const enumerable: string[] = [];
		for (const key in {}) enumerable.push(key);
		expect(enumerable).toEqual([]);
		expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('prev');
		// The least recently used went out, as before: three remain.
		expect(cache.len()).toBe(3);
		expect(['__proto__', 'toString', 'b'].map((k) => cache.get(k))).toEqual([undefined, undefined, 1]);
	});

	test('a damaged row group failed the whole Parquet file', async () => {
		const { bytes, chunks } = await nativeParquetGroups(6000);
		const middle = chunks.filter((c) => c.g === 1);
		const groupRows = chunks.filter((c, i) => chunks.findIndex((d) => d.g === c.g) === i).map((c) => c.n);
		expect(groupRows).toEqual([2048, 2048, 1904]);
		const damaged = bytes.slice();
		for (const c of middle) damaged.fill(0xff, c.pos, c.pos + 12);
		const report = await b.load('damaged.parquet', damaged);
		expect({ rows: report.rows, rejected: report.rejected, users: report.users }).toEqual({
			rows: 2048 + 1904,
			rejected: 2048,
			users: 5
		});
		expect(report.rejectedExamples[0]).toMatchObject({ file: 'damaged.parquet', line: null });
		expect(report.rejectedExamples[0].reason).toMatch(/^Rows 2049 to 4096 cannot be read/);
		// Row i was written at hour i: hours 2048 to 4095 (the middle group) are missing, no other.
		const hour = `((epoch(__time) - ${1735689600}) / 3600)::INTEGER`;
		expect(
			await b.rows(
				`SELECT min(${hour}) AS lo, max(${hour}) AS hi, count(*) FILTER (WHERE ${hour} BETWEEN 2048 AND 4095)::INTEGER AS mid FROM events`
			)
		).toEqual([{ lo: 0, hi: 5999, mid: 0 }]);
	}, 120_000);

	test('a small gzip that unpacks to gigabytes was read for minutes and grew memory with it', async () => {
		const bomb = gzipBomb(
			'user,time,event\nu1,2025-01-01T00:00:00Z,a\n',
			utf8('0'.repeat(2 ** 20)),
			2048 + 16,
			'\n'
		);
		expect(bomb.length).toBeLessThan(3_000_000);
		const started = Date.now();
		const message = await refusal(() => b.load('bomb.csv.gz', bomb));
		expect(message).toBe(
			'bomb.csv.gz unpacks to more than 2.0 GB of text; Footfall keeps data in memory and can load about 2.0 GB ' +
				'at most. Split the export by date and load a part, or filter it first.'
		);
		// Before: over 80 s and 2.5 GB of memory on this machine, and an out-of-memory error from the sniffer.
		expect(Date.now() - started).toBeLessThan(60_000);
	}, 120_000);

	test('the command line had no size limit: files over 2 GB were read until memory ran out', async () => {
		const path = await b.write('sparse.csv', 'user,time,event\nu1,2025-01-01T00:00:00Z,a\n');
		await truncate(path, MAX_LOAD_BYTES + 1);
		const source = await nodeSource(path);
		const message = await refusal(() => b.core.ingest([source], {}));
		expect(message).toMatch(
			/^sparse\.csv holds 2\.0 GB; Footfall keeps data in memory and can load about 2\.0 GB at most\./
		);
	});

	test('a column named like one of the engine\'s own (__user, __row, __time) failed the load with "Referenced column … not found"', async () => {
		const csv =
			'user,time,event,__user,__row,__time\n' +
			lines(3)
				.map((l, i) => `${l},own${i},${i * 10},t${i}`)
				.join('\n') +
			'\n';
		const report = await b.load('own-names.csv', csv);
		expect(report.rows).toBe(3);
		expect(report.mapping).toMatchObject({ user: 'user', time: 'time', event: 'event' });
		expect(
			await b.rows(
				'SELECT user_original AS u, row_original AS r, time_original AS t FROM events ORDER BY __row'
			)
		).toEqual([
			{ u: 'own0', r: 0, t: 't0' },
			{ u: 'own1', r: 10, t: 't1' },
			{ u: 'own2', r: 20, t: 't2' }
		]);
	});

	test("Excel's `sep=;` first line made the whole file unreadable", async () => {
		const body = lines(4).map((l) => l.replaceAll(',', ';'));
		const csv =
			['sep=;', 'user;time;event', ...body.slice(0, 2), 'broken', ...body.slice(2)].join('\r\n') + '\r\n';
		const report = await b.load('sep.csv', csv);
		expect({ rows: report.rows, rejected: report.rejected, users: report.users }).toEqual({
			rows: 4,
			rejected: 1,
			users: 4
		});
		expect(report.columns.map((c) => c.name)).toEqual(['user', 'time', 'event']);
		// Line 5 of the file: the sep line, the header and two rows come before it.
		expect(report.rejectedExamples.map((r) => r.line)).toEqual([5]);
	});

	test('a carriage return alone inside a line refused the whole file ("could not be split into fields")', async () => {
		const rows = lines(6, ',n');
		rows[2] = `u2,${iso(2)},ok\rforged,n`;
		const report = await b.load('stray-cr.csv', 'user,time,event,x\n' + rows.join('\n') + '\n');
		// A CR alone ends a line, as in old Mac files: the line it splits costs its two halves, each said.
		expect({ rows: report.rows, rejected: report.rejected }).toEqual({ rows: 5, rejected: 2 });
		expect(report.rejectedExamples.map((r) => r.raw)).toEqual([`u2,${iso(2)},ok`, 'forged,n']);
	});

	test('UTF-32 text was read as UTF-16 and loaded as names and values with a NUL between every letter', async () => {
		const text = '\ufeffuser,time,event\n' + lines(3).join('\n') + '\n';
		const utf32 = Uint8Array.from(
			[...text].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8, 0, 0])
		);
		expect(await refusal(() => b.load('utf32.csv', utf32))).toMatch(
			/^utf32\.csv is UTF-32 text, which Footfall does not read/
		);
		// Without a byte order mark, the zero bytes look like UTF-16 without one: refused as binary.
		expect(await refusal(() => b.load('utf32-nobom.csv', utf32.subarray(4)))).toMatch(
			/utf32-nobom\.csv: .*binary/
		);
	});

	test('a column of epoch nanoseconds was not taken for the time column, and the load went on without times', async () => {
		// 2025-01-01T00:00:00Z and the two hours after it, in nanoseconds since 1970.
		const exact = [0, 1, 2].map((h) => `${1735689600 + 3600 * h}000000000`);
		const report = await b.load(
			'ns.csv',
			'user,time,event\n' + exact.map((t, i) => `u${i},${t},e`).join('\n') + '\n'
		);
		expect(report.mapping.time).toBe('time');
		expect([report.firstTime, report.lastTime]).toEqual([iso(0), iso(2)]);
	});

	test('gzip with bytes after its end, or a wrong checksum, lost its last block of rows (most of a small file in Chromium)', async () => {
		const text = 'user,time,event\n' + lines(20_000).join('\n') + '\n';
		const whole = gzipSync(text);
		const crc = Uint8Array.from(whole);
		crc[crc.length - 8] ^= 0xff;
		for (const damaged of [Buffer.concat([whole, Buffer.from('not gzip at all')]), crc]) {
			const chunks: Uint8Array[] = [];
			const reader = gunzip(new Blob([damaged]), undefined, zlibInflater).getReader();
			let error: unknown = null;
			try {
				for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
			} catch (e) {
				error = e;
			}
			expect(error).toBeInstanceOf(GzipDamaged);
			expect(Buffer.concat(chunks).toString('utf8')).toBe(text);
		}
		const report = await b.load('junk-after.csv.gz', Buffer.concat([whole, Buffer.from('not gzip at all')]));
		expect({ rows: report.rows, truncated: report.files[0].truncated }).toEqual({
			rows: 20_000,
			truncated: true
		});
		// A cut stays a cut: what zlib itself unpacks of the first half (Z_SYNC_FLUSH), no byte more.
		const half = whole.subarray(0, whole.length >> 1);
		const readable = gunzipSync(half, { finishFlush: constants.Z_SYNC_FLUSH });
		const reader = gunzip(new Blob([half]), undefined, zlibInflater).getReader();
		const got: Uint8Array[] = [];
		await expect(
			(async () => {
				for (let r = await reader.read(); !r.done; r = await reader.read()) got.push(r.value);
			})()
		).rejects.toBeInstanceOf(GzipDamaged);
		// Every whole line zlib unpacks comes out, and nothing that zlib does not unpack.
		const ours = Buffer.concat(got);
		expect(ours.length).toBeGreaterThanOrEqual(readable.lastIndexOf(10) + 1);
		expect(Buffer.compare(ours, readable.subarray(0, ours.length))).toBe(0);
	}, 120_000);
});
