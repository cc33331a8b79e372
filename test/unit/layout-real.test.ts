import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectLayout } from '../../src/lib/engine/layout.ts';
import { literal } from '../../src/lib/sql/quote.ts';
import { duckColumns, previewColumns } from './support/layout-columns.ts';
import { CDNOW, FIXTURES, MALL, RETAIL, conn, tmp, useNativeDuck } from './support/native-duck.ts';

useNativeDuck('layout');

describe('detectLayout on real datasets', () => {
	it('Online Retail (typed by DuckDB): CustomerID, InvoiceDate, no event, InvoiceNo is not an id', async () => {
		await conn.run(`CREATE TABLE retail AS SELECT * FROM read_csv(${literal(RETAIL)})`);
		const cols = await duckColumns('retail');
		// The facts the guess rests on, checked independently: InvoiceNo repeats, CustomerID is a DOUBLE.
		const invoice = cols.find((c) => c.name === 'InvoiceNo')!;
		expect(invoice.distinct!).toBeLessThan(invoice.rows!);
		expect(cols.find((c) => c.name === 'CustomerID')!.type).toBe('DOUBLE');
		const g = detectLayout(cols);
		expect(g.vendor).toBeNull();
		expect(g.mapping).toEqual({
			user: 'CustomerID',
			time: 'InvoiceDate',
			event: null,
			id: null,
			anonymous: null,
			session: null
		});
		expect(g).toMatchObject({ timeUnit: 'auto', dedupe: 'none', timeFormat: 'timestamp' });
		expect(g.notes).toContain('InvoiceNo is not an event id: its values repeat across rows');
	});

	it('Online Retail from the instant preview of the .gz gives the same mapping', async () => {
		const g = detectLayout(await previewColumns(RETAIL));
		expect(g.mapping).toMatchObject({ user: 'CustomerID', time: 'InvoiceDate', event: null, id: null });
		expect(g.dedupe).toBe('none');
	});

	it('Mall_Customers (typed by DuckDB): CustomerID, no time column', async () => {
		const cols = await duckColumns(`read_csv(${literal(MALL)})`);
		const g = detectLayout(cols);
		expect(g.mapping).toEqual({
			user: 'CustomerID',
			time: null,
			event: null,
			id: null,
			anonymous: null,
			session: null
		});
		expect(g).toMatchObject({ vendor: null, dedupe: 'none', timeFormat: null });
	});

	it('CDNOW with its header: customer_id and the YYYYMMDD date', async () => {
		const g = detectLayout(await previewColumns(CDNOW));
		expect(g.mapping).toMatchObject({ user: 'customer_id', time: 'date', event: null, id: null });
		expect(g.timeFormat).toBe('yyyymmdd');
	});

	it('CDNOW without a header: column0 is the user, column1 (YYYYMMDD) the time', async () => {
		const raw = readFileSync(CDNOW, 'latin1');
		const file = path.join(tmp, 'cdnow-noheader.txt');
		writeFileSync(file, raw.slice(raw.indexOf('\n') + 1), 'latin1');
		const cols = await previewColumns(file);
		expect(cols.map((c) => c.name)).toEqual(['column0', 'column1', 'column2', 'column3']);
		const g = detectLayout(cols);
		expect(g.mapping).toEqual({
			user: 'column0',
			time: 'column1',
			event: null,
			id: null,
			anonymous: null,
			session: null
		});
		expect(g).toMatchObject({ timeUnit: 'auto', dedupe: 'none', timeFormat: 'yyyymmdd' });
	});

	it('CDNOW as DuckDB types it (zero-padded ids stay text, headerless) gives the same answer', async () => {
		// DuckDB cannot split on runs of spaces; normalise the separators first, as the loader does.
		const lines = readFileSync(CDNOW, 'latin1').split(/\r?\n/).slice(1, 2001);
		const file = path.join(tmp, 'cdnow.csv');
		writeFileSync(
			file,
			lines
				.filter((l) => l.trim())
				.map((l) => l.trim().split(/\s+/).join(','))
				.join('\n')
		);
		const cols = await duckColumns(`read_csv(${literal(file)}, header = false)`);
		expect(cols.map((c) => c.type)).toEqual(['VARCHAR', 'BIGINT', 'BIGINT', 'DOUBLE']);
		const g = detectLayout(cols);
		expect(g.mapping).toMatchObject({ user: 'column0', time: 'column1', event: null });
	});

	it('broken-lines.csv: user_id, timestamp, event', async () => {
		const g = detectLayout(await previewColumns(path.join(FIXTURES, 'broken-lines.csv')));
		expect(g.vendor).toBeNull();
		expect(g.mapping).toMatchObject({ user: 'user_id', time: 'timestamp', event: 'event', id: null });
	});
});
