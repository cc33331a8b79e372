/** The preview of delimited text: its separator (comma, tab, semicolon, pipe or spaces), header and rows. */
import Papa from 'papaparse';
import { NUMBER, PREVIEW_ROWS, SNIFF_ROWS, type FilePreview, type PreviewFormat } from './preview.ts';

const GUESS_DELIMITERS = [',', '\t', ';', '|'];

interface Split {
	rows: string[][];
	/** The most common field count and the share of rows that have it. */
	width: number;
	share: number;
}

function measure(rows: string[][]): Split {
	const counts = new Map<number, number>();
	for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
	let width = 0;
	let best = 0;
	for (const [w, n] of counts) {
		if (n > best || (n === best && w > width)) {
			width = w;
			best = n;
		}
	}
	return { rows, width, share: rows.length ? best / rows.length : 0 };
}

/** The preview of non-blank `lines` of delimited text; `format: 'unknown'` with an error when no separator fits. */
export function sniffDelimited(lines: string[]): Omit<FilePreview, 'compressed'> {
	// Excel reads a first line `sep=;` as the separator to use, and so do we: it is not the header.
	const sep = /^sep=(.)$/i.exec(lines[0]);
	if (sep && lines.length > 1) {
		const rest = lines.slice(1, SNIFF_ROWS + 1).join('\n');
		const split = measure(Papa.parse<string[]>(rest, { delimiter: sep[1], skipEmptyLines: true }).data);
		return { ...tabulate(sep[1] === '\t' ? 'tsv' : 'csv', sep[1], split), skipLines: 1 };
	}
	const sample = lines.slice(0, SNIFF_ROWS).join('\n');
	// papaparse's own guess falls back to ',' when unsure and prefers few fields; a semicolon file with
	// decimal commas splits consistently on both, and the wider consistent split is the right one.
	let best: { delimiter: string; split: Split } | null = null;
	for (const delimiter of GUESS_DELIMITERS) {
		const split = measure(Papa.parse<string[]>(sample, { delimiter, skipEmptyLines: true }).data);
		if (split.width < 2 || split.share < 0.8) continue;
		if (
			!best ||
			split.share > best.split.share + 0.05 ||
			(split.share > best.split.share - 0.05 && split.width > best.split.width)
		) {
			best = { delimiter, split };
		}
	}
	if (best) return tabulate(best.delimiter === '\t' ? 'tsv' : 'csv', best.delimiter, best.split);
	const ws = measure(lines.slice(0, SNIFF_ROWS).map((l) => l.trim().split(/[ \t]+/)));
	if (ws.width > 1 && ws.share >= 0.8) return tabulate('whitespace', ' ', ws);
	if (ws.width === 1 && ws.share >= 0.95) {
		return tabulate(
			'csv',
			',',
			measure(Papa.parse<string[]>(sample, { delimiter: ',', skipEmptyLines: true }).data)
		);
	}
	return {
		format: 'unknown',
		columns: [],
		rows: lines.slice(0, PREVIEW_ROWS).map((l) => [l]),
		error: 'This text file has no consistent column separator (comma, semicolon, tab, pipe or spaces)'
	};
}

function tabulate(format: PreviewFormat, delimiter: string, split: Split): Omit<FilePreview, 'compressed'> {
	const header = hasHeader(split.rows, split.width);
	const body = header ? split.rows.slice(1) : split.rows;
	const columns = header
		? split.rows[0].map((name, i) => (name.trim() === '' ? `column${i}` : name))
		: Array.from({ length: split.width }, (_, i) => `column${i}`);
	return { format, delimiter, header, columns, rows: body.slice(0, PREVIEW_ROWS) };
}

const DATE_LIKE = /^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})([ T]|$)/;

function isValueLike(s: string): boolean {
	const t = s.trim();
	return NUMBER.test(t) || DATE_LIKE.test(t) || /^(true|false)$/i.test(t);
}

/**
 * A header is a first row of names: none of its fields is a number, date or boolean, and either some
 * position holds values (numbers, dates) in the later rows, or, when every column is text, none of the
 * first row's fields shows up again in its column.
 */
function hasHeader(rows: string[][], width: number): boolean {
	if (rows.length === 0) return false;
	const first = rows[0];
	if (first.some((f) => isValueLike(f))) return false;
	if (first.every((f) => f.trim() === '')) return false;
	const rest = rows.slice(1).filter((r) => r.length === width);
	if (rest.length === 0) return true;
	for (let i = 0; i < first.length; i++) {
		if (first[i].trim() === '') continue;
		const vals = rest.map((r) => r[i]).filter((v) => v !== undefined && v.trim() !== '');
		if (vals.length > 0 && vals.filter(isValueLike).length >= vals.length * 0.8) return true;
	}
	return first.every((f, i) => !rest.some((r) => r[i] === f));
}
