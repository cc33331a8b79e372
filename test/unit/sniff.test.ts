import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordFlattener } from '../../src/lib/engine/formats/flatten.ts';
import { PREVIEW_ROWS, SNIFF_BYTES, sniffFile, sniffText } from '../../src/lib/engine/sniff.ts';
import { literal } from '../../src/lib/sql/quote.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const VENDORS = path.join(FIXTURES, 'vendors');
const DATA = path.resolve('test/fixtures/data');
const CDNOW = path.join(DATA, 'cdnow/CDNOW_master.txt');
const RETAIL = path.join(DATA, 'online-retail/online_retail.csv.gz');
const MALL = path.join(DATA, 'mall-customers/Mall_Customers.csv');

let conn: DuckDBConnection;
let tmp: string;

beforeAll(async () => {
	const db = await DuckDBInstance.create(':memory:');
	conn = await db.connect();
	tmp = mkdtempSync(path.join(tmpdir(), 'footfall-sniff-'));
});

afterAll(() => {
	conn?.closeSync();
	rmSync(tmp, { recursive: true, force: true });
});

const sniffPath = async (p: string) => sniffFile(await openAsBlob(p), path.basename(p));
const sniffBytes = (bytes: Uint8Array | string, name: string) =>
	sniffFile(new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), name);

/** The first data rows as native DuckDB's CSV reader sees them, all as text (NULL as ''). */
async function duckRows(file: string, n = PREVIEW_ROWS): Promise<{ columns: string[]; rows: string[][] }> {
	const r = await conn.runAndReadAll(
		`SELECT * FROM read_csv(${literal(file)}, header = true, all_varchar = true) LIMIT ${n}`
	);
	const rows = r.getRowsJS().map((row) => row.map((v) => (v === null ? '' : String(v))));
	return { columns: r.columnNames(), rows };
}

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

describe('sniffFile on JSON', () => {
	const jsonLines = (name: string) =>
		readFileSync(path.join(VENDORS, name), 'utf8')
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as Record<string, unknown>);

	it('flattens Mixpanel properties with dots, in first-seen order', async () => {
		const p = await sniffPath(path.join(VENDORS, 'mixpanel.jsonl'));
		expect(p).toMatchObject({ format: 'jsonl', compressed: false });
		expect(p.header).toBeUndefined();
		expect(p.columns).toEqual([
			'event',
			'properties.time',
			'properties.distinct_id',
			'properties.$browser',
			'properties.$city',
			'properties.$current_url',
			'properties.$device_id',
			'properties.$insert_id',
			'properties.$os',
			'properties.mp_country_code',
			'properties.mp_lib',
			'properties.mp_processing_time_ms',
			'properties.$user_id',
			'properties.amount'
		]);
		const records = jsonLines('mixpanel.jsonl');
		expect(p.rows).toHaveLength(PREVIEW_ROWS);
		p.rows.forEach((row, i) => {
			const rec = records[i] as { event: string; properties: Record<string, unknown> };
			expect(row[0]).toBe(rec.event);
			expect(row[1]).toBe(String(rec.properties.time));
			expect(row[2]).toBe(rec.properties.distinct_id);
			expect(row[12]).toBe((rec.properties.$user_id as string | undefined) ?? '');
		});
	});

	it.each(['amplitude.jsonl', 'segment.jsonl', 'ga4.jsonl'])(
		'lists every nested field of %s',
		async (name) => {
			const p = await sniffPath(path.join(VENDORS, name));
			expect(p.format).toBe('jsonl');
			// Independent: every leaf path of every record, collected by walking the parsed JSON. A GA4 key/value
			// array (every item `{ key: text, value: {...} }`) is a leaf per key, as the JSON loader reads it.
			const leaves = new Set<string>();
			const keyValues = (v: unknown): v is { key: string }[] =>
				Array.isArray(v) &&
				v.length > 0 &&
				v.every((p) => p && typeof p === 'object' && typeof p.key === 'string' && 'value' in p);
			const walk = (v: unknown, at: string) => {
				if (keyValues(v)) for (const p of v) leaves.add(`${at}.${p.key}`);
				else if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) {
					for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
				} else if (!(v && typeof v === 'object' && !Array.isArray(v))) leaves.add(at);
			};
			for (const rec of jsonLines(name)) walk(rec, '');
			expect(new Set(p.columns)).toEqual(leaves);
		}
	);

	it('spreads GA4 event_params into a column per key, as the loader does, and reads integers exactly', async () => {
		const p = await sniffPath(path.join(VENDORS, 'ga4.jsonl'));
		const first = jsonLines('ga4.jsonl')[0];
		const cell = (c: string) => p.rows[0][p.columns.indexOf(c)];
		expect(p.columns).not.toContain('event_params');
		const params = first.event_params as { key: string; value: Record<string, unknown> }[];
		expect(params.length).toBeGreaterThan(1);
		for (const { key, value } of params) {
			const given = value.string_value ?? value.int_value ?? value.double_value;
			expect(cell(`event_params.${key}`)).toBe(String(given));
		}
		expect(cell('event_timestamp')).toBe(String(first.event_timestamp));
		expect(cell('device.web_info.browser')).toBe('Chrome');
		expect(cell('user_id')).toBe('');
	});

	it('reads a pretty-printed JSON array as format json with the same columns as JSONL', async () => {
		const records = jsonLines('mixpanel.jsonl');
		const p = await sniffBytes(JSON.stringify(records, null, 2), 'mixpanel.json');
		const lines = await sniffPath(path.join(VENDORS, 'mixpanel.jsonl'));
		expect(p.format).toBe('json');
		expect(p.columns).toEqual(lines.columns);
		expect(p.rows).toEqual(lines.rows);
	});

	it('reads the complete records of a JSON array cut off by the 256 KB limit', async () => {
		const one = jsonLines('amplitude.jsonl')[0];
		// Non-ASCII text on a single line: the 256 KB cut falls anywhere, possibly inside a character.
		const many = Array.from({ length: 600 }, (_, i) => ({ ...one, event_id: i, city: 'Zürich ✓' }));
		const json = Buffer.from(JSON.stringify(many));
		// Leading spaces shift the text so that the cut keeps only the first byte of a three-byte '✓'.
		const check = Buffer.from('✓');
		const before = json.lastIndexOf(check, SNIFF_BYTES - 1);
		const bytes = Buffer.concat([Buffer.alloc(SNIFF_BYTES - 1 - before, ' '), json]);
		expect(bytes.subarray(SNIFF_BYTES - 1, SNIFF_BYTES + 2)).toEqual(check);
		const p = await sniffBytes(bytes, 'big.json');
		expect(p.format).toBe('json');
		expect(p.rows.map((r) => r[p.columns.indexOf('event_id')])).toEqual(
			Array.from({ length: PREVIEW_ROWS }, (_, i) => String(i))
		);
		expect(new Set(p.rows.map((r) => r[p.columns.indexOf('city')]))).toEqual(new Set(['Zürich ✓']));
	});

	it('reports invalid JSON lines without failing the preview', async () => {
		const text = '{"event":"a","user":"u1"}\n{"event": oops}\n{"event":"b","user":"u2"}\n';
		const p = await sniffBytes(text, 'x.jsonl');
		expect(p.format).toBe('jsonl');
		expect(p.rows).toEqual([
			['a', 'u1'],
			['b', 'u2']
		]);
		expect(p.error).toMatch(/1 of the first 3 lines/);
	});

	it('the preview flattening leaves arrays whole (as JSON text) and drops empty objects', () => {
		const flat = new RecordFlattener().flatten({ a: { b: { c: 1 }, d: [1, { e: 2 }] }, f: {}, g: null });
		expect(Object.fromEntries(flat)).toEqual({ 'a.b.c': 1, 'a.d': '[1,{"e":2}]', g: null });
	});
});

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
