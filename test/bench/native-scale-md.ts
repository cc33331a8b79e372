// The native-scale section of docs/BENCHMARKS.md (report-md.ts): pure, checked by test/unit/bench-report.test.ts.
import type { NativeScaleMeasure, ScaleFigure } from './native-scale.ts';
import type { Part } from './results.ts';
import { formatMs, formatRuns, markdownTable, ratio } from './stats.ts';

/** A step's time, or why there is none (failed with DuckDB's message, stopped at the budget). */
function time(f: ScaleFigure | undefined, budgetS: number): string {
	if (!f) return '—';
	if (f.at) return `${time({ ...f, at: undefined }, f.budgetS ?? budgetS)} [${f.at}]`;
	if (f.time) return formatRuns(f.time) + (f.errors.length || f.stopped ? ' (not every run finished)' : '');
	if (f.stopped) return `stopped after ${budgetS} s`;
	return f.errors.length ? `failed: ${f.errors.join('; ')}` : '—';
}

/** Each run's 1-minute load average before → after the step. */
const loads = (f: ScaleFigure | undefined) => f?.load.map(([a, b]) => `${a} → ${b}`).join(', ') ?? '—';
const mb = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString('en'));
const pair = (a: string, b: string) => `${a} / ${b}`;
const spill = (f: ScaleFigure | undefined) => (f ? `${mb(f.spillPeakMB)} (${mb(f.spillDirPeakMB)})` : '—');

/** The section, or a line saying it was not measured. */
export function nativeScaleSection(part: Part<NativeScaleMeasure> | undefined): string[] {
	const m = part?.data;
	if (!part || !m) return ['Native DuckDB at scale: not measured.'];
	const n = m.all.threads;
	const names = [...new Set([...Object.keys(m.one.steps), ...Object.keys(m.all.steps)])];
	const kept = [m.one, m.all].some((t) => Object.values(t.steps).some((f) => f.at));
	const rows = names.map((name) => {
		const [a, b] = [m.one.steps[name], m.all.steps[name]];
		return [
			name,
			a?.kind ?? '',
			time(a, m.budgetS),
			time(b, m.budgetS),
			// Side by side only: not a figure kept from an earlier run against one of this run.
			a?.at === b?.at ? ratio(a?.time?.median, b?.time?.median) : '—',
			a?.sql || b?.sql ? pair(formatMs(a?.sql?.median), formatMs(b?.sql?.median)) : '',
			pair(mb(a?.rssPeakMB), mb(b?.rssPeakMB)),
			pair(mb(a?.duckPeakMB), mb(b?.duckPeakMB)),
			pair(spill(a), spill(b)),
			pair(loads(a), loads(b))
		];
	});
	const ended = [
		...m.one.ended.map((e) => `1 thread: ${e}`),
		...m.all.ended.map((e) => `${n} threads: ${e}`)
	];
	return [
		`Native DuckDB at scale, \`--engine native\` (${part.at}; load average before: ${part.loadBefore}; after: ` +
			`${part.loadAfter}). Footfall's own load of the file (its ingest rules, not the plain read), sessions and ` +
			`users, then each analysis of the analyses part with the same spec, on ${m.version}; each run a fresh ` +
			`process. ${m.rows?.toLocaleString('en') ?? '—'} events kept, ${m.users?.toLocaleString('en') ?? '—'} users. ` +
			`Memory limit: ${m.memoryLimit ?? "DuckDB's default (80% of the machine's memory)"}. ` +
			(m.runs === 1
				? '**One run per figure** (time was short): the times are single measurements.'
				: `Median (minimum) of ${m.runs} runs per figure.`),
		'',
		markdownTable(
			[
				'step',
				'runs as',
				'1 thread',
				`${n} threads`,
				`1 / ${n}`,
				`its SQL alone (1 / ${n})`,
				'peak RSS, MB',
				'DuckDB peak, MB',
				'spill peak, MB (files on disk)',
				'load average before → after'
			],
			rows
		),
		'',
		`An analysis's time includes the derived tables it is the first to need (activity, session events); ` +
			`"its SQL alone" is without them (for \`SQL + JS\`, its computation here over the SQL's rows). Peak RSS is ` +
			`the process's resident set (Linux VmHWM, reset before each step); DuckDB peak is \`duckdb_memory()\`, ` +
			`and spill \`duckdb_temporary_files()\` (in brackets, the bytes of files in its spill directory), all sampled every 200 ms. Whole runs peaked at ` +
			`${m.one.maxRssMB.map(mb).join(', ') || '—'} MB (1 thread) and ${m.all.maxRssMB.map(mb).join(', ') || '—'} MB ` +
			`(${n} threads).` +
			(ended.length ? ` Runs that did not finish: ${ended.join('; ')}.` : '') +
			(kept
				? ' A date in square brackets: that figure is from an earlier run on that date, kept when a later run ' +
					're-measured only some steps (BENCH_NATIVE_STEPS, BENCH_NATIVE_THREADS); its load averages are its own.'
				: '')
	];
}
