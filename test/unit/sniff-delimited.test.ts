import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PREVIEW_ROWS } from '../../src/lib/engine/sniff.ts';
import { CDNOW, FIXTURES, MALL, RETAIL, VENDORS, tmp, useNativeDuck } from './support/native-duck.ts';
import { duckRows, sniffBytes, sniffPath } from './support/sniff-helpers.ts';

useNativeDuck('sniff');

function cdnowLines(): string[][] {
	return readFileSync(CDNOW, 'utf8')
		.split(/\r?\n/)
		.filter((l) => l.trim() !== '')
		.map((l) => l.trim().split(/\s+/));
}

describe('sniffFile on delimited text', () => {
	it.each(['posthog.csv', 'snowplow.csv'])('reads %s like DuckDB does', async (name) => {
		const file = path.join(VENDORS, name);
		const p = await sniffPath(file);
		const expected = await duckRows(file);
		expect(p).toMatchObject({ format: 'csv', compressed: false, delimiter: ',', header: true });
		expect(p.error).toBeUndefined();
		expect(p.columns).toEqual(expected.columns);
		expect(p.rows).toEqual(expected.rows);
	});

	it('reads Mall_Customers with its header', async () => {
		const p = await sniffPath(MALL);
		const expected = await duckRows(MALL);
		expect(p).toMatchObject({ format: 'csv', delimiter: ',', header: true });
		expect(p.columns).toEqual([
			'CustomerID',
			'Gender',
			'Age',
			'Annual Income (k$)',
			'Spending Score (1-100)'
		]);
		expect(p.rows).toEqual(expected.rows);
	});

	it('keeps malformed lines of broken-lines.csv as they are and still finds comma and header', async () => {
		const file = path.join(FIXTURES, 'broken-lines.csv');
		const p = await sniffPath(file);
		const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
		expect(p).toMatchObject({ format: 'csv', delimiter: ',', header: true });
		expect(p.columns).toEqual(lines[0].split(','));
		expect(p.rows).toEqual(lines.slice(1, 1 + PREVIEW_ROWS).map((l) => l.split(',')));
		// The fixture's point: some of the shown rows have the wrong number of fields.
		expect(p.rows.filter((r) => r.length !== 4).length).toBe(2);
	});

	it('tells tab, semicolon (with decimal commas) and pipe files apart', async () => {
		const table = [
			['user', 'event', 'time', 'amount'],
			['u1', 'buy', '2023-01-01 10:00:00', '12,50'],
			['u2', 'view', '2023-01-02 11:00:00', '0,99'],
			['u1', 'buy', '2023-01-03 12:00:00', '7,00']
		];
		for (const [sep, format] of [
			['\t', 'tsv'],
			[';', 'csv'],
			['|', 'csv']
		] as const) {
			const p = await sniffBytes(table.map((r) => r.join(sep)).join('\r\n') + '\r\n', 'export.txt');
			expect(p).toMatchObject({ format, delimiter: sep, header: true, columns: table[0] });
			expect(p.rows).toEqual(table.slice(1));
		}
	});

	it('decodes UTF-16 (Excel "Unicode text") and Windows-1252 files', async () => {
		const text = 'Kunde\tStadt\tDatum\r\nK1\tMünchen\t2024-01-02\r\nK2\tKöln\t2024-01-03\r\n';
		const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
		const p16 = await sniffBytes(utf16, 'export.txt');
		expect(p16).toMatchObject({ format: 'tsv', header: true, columns: ['Kunde', 'Stadt', 'Datum'] });
		expect(p16.rows).toEqual([
			['K1', 'München', '2024-01-02'],
			['K2', 'Köln', '2024-01-03']
		]);
		const p1252 = await sniffBytes(Buffer.from(text, 'latin1'), 'export.txt');
		expect(p1252.rows).toEqual(p16.rows);
	});

	it('takes a first row of plain text as data when it repeats in its column', async () => {
		const text = 'u1,login\nu2,login\nu1,logout\nu3,login\n';
		const p = await sniffBytes(text, 'noheader.csv');
		expect(p).toMatchObject({ format: 'csv', header: false, columns: ['column0', 'column1'] });
		expect(p.rows).toEqual(
			text
				.trim()
				.split('\n')
				.map((l) => l.split(','))
		);
	});
});

describe('sniffFile on CDNOW (whitespace separated)', () => {
	it('reads the copy with a header line', async () => {
		const p = await sniffPath(CDNOW);
		const lines = cdnowLines();
		expect(p).toMatchObject({ format: 'whitespace', compressed: false, delimiter: ' ', header: true });
		expect(p.columns).toEqual(['customer_id', 'date', 'number_of_cds', 'dollar_value']);
		expect(p.rows).toEqual(lines.slice(1, 1 + PREVIEW_ROWS));
		expect(p.rows[0]).toEqual(['00001', '19970101', '1', '11.77']);
	});

	it('reads the original headerless file as column0..column3', async () => {
		const raw = readFileSync(CDNOW, 'latin1');
		const headerless = path.join(tmp, 'CDNOW_master_noheader.txt');
		writeFileSync(headerless, raw.slice(raw.indexOf('\n') + 1), 'latin1');
		const p = await sniffPath(headerless);
		expect(p).toMatchObject({ format: 'whitespace', header: false });
		expect(p.columns).toEqual(['column0', 'column1', 'column2', 'column3']);
		expect(p.rows).toEqual(cdnowLines().slice(1, 1 + PREVIEW_ROWS));
	});

	it('reads the same bytes gzipped, even when the gzip stream is cut off', async () => {
		const bytes = readFileSync(CDNOW);
		const gz = gzipSync(bytes);
		const full = await sniffBytes(gz, 'cdnow.txt.gz');
		expect(full).toMatchObject({ format: 'whitespace', compressed: true, header: true });
		expect(full.rows).toEqual(cdnowLines().slice(1, 1 + PREVIEW_ROWS));

		// 3,000 bytes of deflate hold far more than 20 lines; the stream ends without its trailer.
		const cut = await sniffBytes(gz.subarray(0, 3000), 'cdnow.txt.gz');
		expect(cut).toMatchObject({ format: 'whitespace', compressed: true, header: true });
		expect(cut.error).toBeUndefined();
		expect(cut.rows).toEqual(cdnowLines().slice(1, 1 + PREVIEW_ROWS));
	});

	it('drops a line cut off by the truncated stream instead of showing half of it', async () => {
		const text = readFileSync(CDNOW, 'latin1').split('\n').slice(0, 8).join('\n');
		const gz = gzipSync(Buffer.from(text, 'latin1'));
		// Keep the header and 7 data lines but cut inside the gzip trailer and last bytes.
		const p = await sniffBytes(gz.subarray(0, gz.length - 10), 'short.gz');
		const whole = cdnowLines().slice(1, 8);
		expect(p.format).toBe('whitespace');
		expect(p.rows.length).toBeGreaterThanOrEqual(5);
		expect(p.rows).toEqual(whole.slice(0, p.rows.length));
	});
});

describe('sniffFile on the real Online Retail export (gzip)', () => {
	it('detects gzip by magic bytes and matches DuckDB on the first rows', async () => {
		const p = await sniffPath(RETAIL);
		const expected = await duckRows(RETAIL);
		expect(p).toMatchObject({ format: 'csv', compressed: true, delimiter: ',', header: true });
		expect(p.columns).toEqual(expected.columns);
		expect(p.rows).toEqual(expected.rows);
	});

	it('detects gzip under a misleading name, and plain text under a .gz name', async () => {
		const bytes = readFileSync(MALL);
		const asGz = await sniffBytes(gzipSync(bytes), 'customers.csv');
		expect(asGz).toMatchObject({ format: 'csv', compressed: true, header: true });
		const plain = await sniffBytes(bytes, 'customers.csv.gz');
		expect(plain).toMatchObject({ format: 'csv', compressed: false, header: true });
		expect(asGz.rows).toEqual(plain.rows);
	});
});
