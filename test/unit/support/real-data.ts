/**
 * The real exports of test/fixtures/data read straight from their files with papaparse and zlib, for the
 * TypeScript references of the analysis tests: no DuckDB and no Footfall code, so a reference shares
 * nothing with the engine it checks.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';

export interface RetailRow {
	/** CustomerID as written without its `.0` (ingest reads `17850.0` as 17850). */
	user: string;
	/** The invoice's wall-clock day, `YYYY-MM-DD` (the file writes London wall-clock times). */
	day: string;
	time: string;
	quantity: number;
	price: number;
	country: string;
	invoice: string;
}

/**
 * Online Retail with the dataset of test/fixtures/specs/online-retail-*.json: rows identical in every column
 * dropped (the first kept), then CustomerID present, Quantity > 0 and UnitPrice > 0.
 */
export function onlineRetail(): RetailRow[] {
	const text = gunzipSync(readFileSync('test/fixtures/data/online-retail/online_retail.csv.gz')).toString(
		'utf8'
	);
	const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
	const [header, ...lines] = parsed.data;
	const col = (name: string) => header.indexOf(name);
	const [inv, qty, date, price, cust, country] = [
		'InvoiceNo',
		'Quantity',
		'InvoiceDate',
		'UnitPrice',
		'CustomerID',
		'Country'
	].map(col);
	const seen = new Set<string>();
	const out: RetailRow[] = [];
	for (const r of lines) {
		const key = JSON.stringify(r);
		if (seen.has(key)) continue;
		seen.add(key);
		const user = r[cust];
		if (user === undefined || user === '') continue;
		const quantity = Number(r[qty]);
		const unit = Number(r[price]);
		if (!(quantity > 0) || !(unit > 0)) continue;
		out.push({
			user: user.replace(/\.0$/, ''),
			day: r[date].slice(0, 10),
			time: r[date],
			quantity,
			price: unit,
			country: r[country],
			invoice: r[inv]
		});
	}
	return out;
}

export interface CdnowRow {
	user: string;
	day: string;
	cds: number;
	dollars: number;
}

/** CDNOW: whitespace-separated, a header line, dates written YYYYMMDD; every row kept. */
export function cdnow(): CdnowRow[] {
	const lines = readFileSync('test/fixtures/data/cdnow/CDNOW_master.txt', 'utf8').split('\n');
	return lines
		.slice(1)
		.map((l) => l.trim().split(/\s+/))
		.filter((f) => f.length === 4)
		.map(([user, d, cds, dollars]) => ({
			user,
			day: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
			cds: Number(cds),
			dollars: Number(dollars)
		}));
}
