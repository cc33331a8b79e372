// Pure helpers of the benchmark (run.ts, chromium-ingest.ts): summaries of repeated runs and their text.

/** Repeated timings of one figure in ms: every run as measured, its median and its minimum. */
export interface Runs {
	runs: number[];
	median: number;
	min: number;
}

/** Median of `xs` (the mean of the two middle values for an even count). Throws on an empty list. */
export function median(xs: number[]): number {
	if (xs.length === 0) throw new Error('median of no values');
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The runs of one figure with their median and minimum. Throws on an empty list. */
export function summarize(runs: number[]): Runs {
	return { runs: [...runs], median: median(runs), min: Math.min(...runs) };
}

/** A duration in ms for the tables: `850 ms` under 10 s, `12.3 s` from 10 s on, `—` when missing. */
export function formatMs(ms: number | null | undefined): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
	if (ms < 10) return `${ms.toFixed(1)} ms`;
	if (ms < 10_000) return `${Math.round(ms).toLocaleString('en')} ms`;
	return `${(ms / 1000).toFixed(1)} s`;
}

/** `median (min)` of a figure, or `—`. */
export function formatRuns(r: Runs | null | undefined): string {
	return r ? `${formatMs(r.median)} (${formatMs(r.min)})` : '—';
}

/** `a / b` to two decimals with a `×`, or `—` when either is missing or `b` is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined): string {
	if (!a || !b || !Number.isFinite(a) || !Number.isFinite(b)) return '—';
	return `${(a / b).toFixed(2)}×`;
}

/** A markdown table: a header row and rows of cells (a `|` inside a cell is escaped). */
export function markdownTable(header: string[], rows: string[][]): string {
	const cell = (s: string) => s.replaceAll('|', '\\|');
	const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
	return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
