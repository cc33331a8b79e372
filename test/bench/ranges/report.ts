// The byte-range part's section of docs/BENCHMARKS.md (report-md.ts): pure, from the stored results.
import type { Part, SizeResults } from '../results.ts';
import type { RangesVariant } from '../ranges.ts';
import { formatMs, formatRuns, markdownTable, ratio } from '../stats.ts';

/** The section's lines; `when` says when a part was measured and the load around it. */
export function rangesSection(s: SizeResults, when: (p: Part<unknown>) => string): string[] {
	const r = s.ranges;
	if (!r) return ['Byte ranges in several workers: not measured.'];
	const names = Object.keys(r.data.variants);
	const vs = names.map((n) => r.data.variants[n]);
	const plain = vs[0];
	const row = (what: string, f: (v: RangesVariant) => string) => [what, ...vs.map(f)];
	const rows = [
		row('file → table complete (bench clock)', (v) => formatRuns(v.total)),
		row('CPU time of the tab (renderer: page and workers)', (v) => formatRuns(v.cpu)),
		row('plain read / this, by wall time (speed-up)', (v) => ratio(plain.total.median, v.total.median)),
		row('this / plain read, by CPU time (work added)', (v) => ratio(v.cpu.median, plain.cpu.median)),
		row('… split: file read into the page, cuts found', (v) => formatRuns(v.split)),
		row('… sniff of the whole file (beside the split)', (v) => formatRuns(v.sniff)),
		row('… parse: parts parsed in parallel, exported, back', (v) => formatRuns(v.parse)),
		row('… of which the slowest worker’s CREATE TABLE', (v) => formatRuns(v.workerParse)),
		row('… of which the slowest Arrow export', (v) => formatRuns(v.workerExport)),
		row('… combine: parts transferred and inserted', (v) => formatRuns(v.combine)),
		row('… of which the inserts', (v) => formatRuns(v.insert)),
		row('… of which the transfer and messages', (v) => formatRuns(v.transfer)),
		row('engines up before the clock (slowest, median)', (v) => formatMs(v.startMs)),
		row('peak of the tab’s renderer (MB)', (v) => String(v.peakRssMB ?? '—')),
		row('wasm heaps at the end, summed over workers (MB)', (v) => String(v.heapMB))
	];
	const d = r.data;
	return [
		`Byte ranges in several workers (test/bench/ranges.ts; ${when(r)}): the file cut at record ends into N ` +
			'parts, each (header in front) parsed by its own worker and DuckDB-WASM with the dialect and types ' +
			'DuckDB sniffed for the whole file, exported as Arrow IPC and inserted into the first worker’s table; ' +
			`median (minimum) of ${plain.total.runs.length} runs, interleaved. docs/THREADS.md discusses them.`,
		'',
		markdownTable(['what', ...names], rows),
		'',
		`Rows: ${d.rows.toLocaleString('en')}. Quote bytes in the file: ${d.quotes ? 'yes' : 'none'}; naive cuts ` +
			`inside quotes: ${d.movedOutOfQuotes}. ` +
			(d.check.length
				? `Differences from the plain read: ${d.check.join('; ')}.`
				: 'Every split read’s table equals the plain read’s: rows, checksum of every row, column types.')
	];
}
