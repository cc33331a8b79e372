import { openAsBlob, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sniffFile, sniffText } from '../../src/lib/engine/sniff.ts';
import { literal } from '../../src/lib/sql/quote.ts';
import { FIXTURES, VENDORS, conn, tmp, useNativeDuck } from './support/native-duck.ts';
import { duckRows, sniffBytes, sniffPath } from './support/sniff-helpers.ts';

useNativeDuck('sniff');

describe('sniffFile on binary and other formats', () => {
	it('rejects a PNG with a clear error', async () => {
		const png = readFileSync(path.join(FIXTURES, 'not-an-export.png'));
		expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		const p = await sniffPath(path.join(FIXTURES, 'not-an-export.png'));
		expect(p).toMatchObject({ format: 'unknown', compressed: false, columns: [], rows: [] });
		expect(p.error).toMatch(/not a CSV, JSON or Parquet export \(it looks like binary data\)/);
	});

	it('rejects a gzipped PNG and random bytes the same way', async () => {
		const png = readFileSync(path.join(FIXTURES, 'not-an-export.png'));
		const gz = await sniffBytes(gzipSync(png), 'image.csv.gz');
		expect(gz).toMatchObject({ format: 'unknown', compressed: true });
		expect(gz.error).toMatch(/binary data/);
		let x = 12345;
		const noise = Uint8Array.from({ length: 4096 }, () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24);
		expect((await sniffBytes(noise, 'events.csv')).error).toMatch(/binary data/);
	});

	it('names zip archives and empty files', async () => {
		const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);
		expect((await sniffBytes(zip, 'export.zip')).error).toMatch(/ZIP archive/);
		expect(await sniffBytes('', 'empty.csv')).toMatchObject({
			format: 'unknown',
			error: 'empty.csv is empty'
		});
		expect(sniffText(' \n\n').error).toBe('The file is empty');
	});

	it('reads a Parquet file by magic bytes and lists its columns from the footer', async () => {
		const file = path.join(tmp, 'events.parquet');
		await conn.run(
			`COPY (SELECT * FROM read_csv(${literal(path.join(VENDORS, 'snowplow.csv'))})) TO ${literal(file)} (FORMAT parquet)`
		);
		const p = await sniffFile(await openAsBlob(file), 'events.bin');
		const expected = (await duckRows(path.join(VENDORS, 'snowplow.csv'), 1)).columns;
		expect(p).toMatchObject({ format: 'parquet', compressed: false, rows: [] });
		expect(p.error).toBeUndefined();
		expect(p.columns).toEqual(expected);
	});
});
