// docs/BENCHMARKS.md from the stored results (results.ts): pure, so test/unit/bench-report.test.ts checks it.
import type { Part, Results, SizeResults } from './results.ts';
import { formatMs, formatRuns, markdownTable, ratio } from './stats.ts';
import { rangesSection } from './ranges/report.ts';
import { threadsSection } from './threads-md.ts';
import { nativeScaleSection } from './native-scale-md.ts';

const when = (p: Part<unknown> | undefined) =>
	p ? `finished ${p.at}; load average before: ${p.loadBefore}; after: ${p.loadAfter}` : 'not measured';

/** The weekly retention request of the analyses part (its cold run is what the end-to-end figure adds). */
export const RETENTION = 'retention (defaults: weekly, first time)';

function ingestSection(s: SizeResults): string[] {
	const i = s.ingest?.data;
	const n = s.native?.data;
	const rows = [
		['file drop → ingest report, Footfall in Chromium', formatRuns(i?.dropToReport)],
		[
			'plain `read_csv` into a table, DuckDB-WASM in the same Chromium (page → result)',
			formatRuns(i?.plainRead)
		],
		['… of which the `CREATE TABLE` in its worker', formatRuns(i?.plainReadInWorker)],
		['CPU time of the tab (renderer process) during drop → report', formatRuns(i?.dropToReportCpu)],
		['CPU time of the tab (renderer process) during the plain read', formatRuns(i?.plainReadCpu)],
		...(i?.jsonl
			? [
					[`the same events as JSONL (${i.jsonl.MB} MB): drop → report`, formatRuns(i.jsonl.dropToReport)],
					['CPU time of the tab during the JSONL drop → report', formatRuns(i.jsonl.dropToReportCpu)]
				]
			: []),
		['native DuckDB, 1 thread, the same SQL', formatRuns(n?.threads.one)],
		[`native DuckDB, ${n?.threads.allCount ?? 'all'} threads, the same SQL`, formatRuns(n?.threads.all)]
	];
	const med = (r: { median: number } | undefined) => r?.median;
	const ratios = [
		['drop → report / plain read_csv in Chromium', ratio(med(i?.dropToReport), med(i?.plainRead)), '≤ 1.25×'],
		[
			'the same, by CPU time of the tab (steadier under load)',
			ratio(med(i?.dropToReportCpu), med(i?.plainReadCpu)),
			''
		],
		...(i?.jsonl
			? [
					[
						'JSONL drop → report / CSV drop → report',
						ratio(med(i.jsonl.dropToReport), med(i.dropToReport)),
						'≤ 2×'
					],
					[
						'the same, by CPU time of the tab',
						ratio(med(i.jsonl.dropToReportCpu), med(i.dropToReportCpu)),
						''
					]
				]
			: []),
		['drop → report / native, 1 thread', ratio(med(i?.dropToReport), med(n?.threads.one)), ''],
		['plain read_csv in Chromium / native, 1 thread', ratio(med(i?.plainRead), med(n?.threads.one)), ''],
		['native, 1 thread / all threads', ratio(med(n?.threads.one), med(n?.threads.all)), '']
	];
	return [
		`Ingest (${when(s.ingest)}; native ${when(s.native)}). Median (minimum) of ${i?.dropToReport.runs.length ?? '—'} runs:`,
		'',
		markdownTable(['what', 'time'], rows),
		'',
		'Ratios of the medians, measured side by side:',
		'',
		markdownTable(['ratio', 'measured', 'target'], ratios),
		'',
		`Rows read: Footfall ${i?.rows.app.toLocaleString('en') ?? '—'}` +
			(i?.jsonl
				? ` (from the JSONL ${i.jsonl.rows.toLocaleString('en')}, renderer peak ${i.jsonl.peakRssMB ?? '—'} MB)`
				: '') +
			`, plain read ${i?.rows.plain.toLocaleString('en') ?? '—'}, native ${n?.rows.toLocaleString('en') ?? '—'}.`,
		`Peak memory: the tab's renderer process (the page and its workers; Linux VmHWM, the peak resident set) ` +
			`reached ${i?.peakRssMB.app ?? '—'} MB for Footfall's drop → report and ${i?.peakRssMB.plain ?? '—'} MB for ` +
			`the plain read, whose WebAssembly heap (it only grows) ended at ${i?.plainHeapMB ?? '—'} MB. ` +
			`With every analysis below run too, Footfall's renderer peaked at ${s.analyses?.data.peakRssMB ?? '—'} MB.`
	];
}

function pandasSection(s: SizeResults): string[] {
	const p = s.pandas?.data;
	if (!p) return ['pandas: not measured.'];
	if (!p.ok) return [`pandas: skipped (${p.reason}).`];
	const drop = s.ingest?.data.dropToReport.median;
	const retention = s.analyses?.data.analyses[RETENTION]?.cold ?? undefined;
	const ours = drop !== undefined && retention !== undefined ? drop + retention : undefined;
	const check = p.check;
	return [
		`pandas ${p.pandas} (Python ${p.python}) loading the file (\`read_csv\`, default options) and computing weekly ` +
			`retention (test/bench/pandas_retention.py; ${when(s.pandas)}):`,
		'',
		markdownTable(
			['what', 'time'],
			[
				['pandas: load + weekly retention, median (min)', formatRuns(p.runs)],
				['Footfall: drop → report (median) + weekly retention, cold', formatMs(ours)],
				['Footfall end to end, times faster than pandas (pandas / Footfall)', ratio(p.runs.median, ours)]
			]
		),
		'',
		typeof check === 'string'
			? `Weekly retention against ours: ${check}.`
			: check && check.length === 0
				? "pandas' weekly retention equals ours, cohort by cohort and period by period."
				: `pandas' weekly retention differs from ours:\n\n${(check ?? []).map((d) => `- ${d}`).join('\n')}`
	];
}

function analysesSection(s: SizeResults): string[] {
	const a = s.analyses?.data;
	if (!a) return ['Analyses in Chromium: not measured.'];
	const rows = Object.entries(a.analyses).map(([name, t]) => [
		name,
		t.error ? `failed: ${t.error}` : formatMs(t.cold),
		formatRuns(t.warm),
		t.warm ? (t.warm.median <= 300 ? 'yes' : 'no') : '—'
	]);
	return [
		`Every registered analysis in Chromium, through the page's engine (request on the main thread → result in ` +
			`hand: queue, worker, Arrow decode, shaping), with the result cache off (${when(s.analyses)}). Cold is the ` +
			`first run on the dataset, after the page's background work after the load (sessions, users, distinct ` +
			`counts: ${formatMs(a.settleMs)}); warm the median (minimum) of the next runs:`,
		'',
		markdownTable(['analysis', 'cold', 'warm', 'warm ≤ 300 ms'], rows)
	];
}

function cachedSection(s: SizeResults): string[] {
	const c = s.cached?.data;
	if (!c) return ['Cached reopen: not measured.'];
	return [
		`Cached reopen: with the result cache on, each computed once, then requested again (the tab's memory holds ` +
			`it): request on the main thread → result in hand, median (minimum) (${when(s.cached)}). Drawing it is not ` +
			'included (test/bench/cached-reopen.ts times the screen).',
		'',
		markdownTable(
			['analysis', 'cached', '≤ 50 ms'],
			Object.entries(c).map(([n, r]) => [n, formatRuns(r), r.median <= 50 ? 'yes' : 'no'])
		)
	];
}

/**
 * How busy the machine was: the highest 1-minute load average recorded around any part, against its cores.
 * Up to one more than the core count reads as nearly idle (the bench itself keeps one core busy).
 */
function loadNote(r: Results): string[] {
	const cores = r.environment.cores;
	const parts = r.sizes.flatMap((s) => [
		s.ingest,
		s.analyses,
		s.cached,
		s.native,
		s.pandas,
		s.ranges,
		s.threads,
		s.nativeScale
	]);
	// The native-scale part also records the load around each of its steps (a run lasts up to an hour).
	const steps = r.sizes.flatMap((s) =>
		s.nativeScale
			? [s.nativeScale.data.one, s.nativeScale.data.all].flatMap((t) => Object.values(t.steps))
			: []
	);
	const loads = [
		...parts.flatMap((p) => (p ? [p.loadBefore, p.loadAfter] : [])).map((l) => Number.parseFloat(l)),
		...steps.flatMap((f) => f.load.flat())
	];
	const peak = Math.max(...loads);
	if (peak <= cores + 1)
		return [
			`The machine was nearly idle while these were measured (1-minute load average at most ${peak} on its ` +
				`${cores} cores, given around each part below).`
		];
	return [
		'**The machine was shared with other jobs while these were measured** (load averages below, on its',
		`${cores} cores; at most ${peak}): wall times are longer than on an idle machine and vary from run to run;`,
		'ratios measured side by side hold better than the times. To be measured again idle.'
	];
}

/** The whole of docs/BENCHMARKS.md. */
export function benchmarksMarkdown(r: Results): string {
	const e = r.environment;
	const out = [
		'# Benchmarks',
		'',
		'Written by `npm run bench` (test/bench/run.ts); not part of `npm test`. Every figure is wall time on this',
		'machine, measured side by side in one run (or one run of the part named, `--only`), median and minimum',
		'of the runs. Each browser run is a fresh headless Chromium and profile on the built site served as',
		'`npm start` serves it (vite preview); the page opens empty (`?demo=0&cache=0&workspace=0`) and the',
		'engine is up before the file is given to its file input.',
		'',
		...loadNote(r),
		'',
		`Last run: ${r.run.parts.join(', ')} at ${r.run.rows.map((n) => n.toLocaleString('en')).join(' and ')} events, ` +
			`${r.run.start.at} to ${r.run.end.at}; \`uptime\` load average (1, 5, 15 min) at its start ` +
			`${r.run.start.load}, at its end ${r.run.end.load}. Each part below gives its own.`,
		'',
		markdownTable(
			['machine and versions', ''],
			[
				['CPU', `${e.cpu}, ${e.cores} cores`],
				['memory', `${e.memoryGB} GB`],
				['system', e.os],
				['Node', e.node],
				['Chromium', e.chromium],
				['DuckDB-WASM', e.duckdbWasm],
				['native DuckDB', e.duckdbNode],
				['Footfall', e.footfall]
			]
		)
	];
	for (const s of r.sizes) {
		out.push(
			'',
			`## ${s.rows.toLocaleString('en')} events (${s.csvMB} MB CSV)`,
			'',
			...ingestSection(s),
			'',
			...pandasSection(s),
			'',
			...analysesSection(s),
			'',
			...cachedSection(s),
			'',
			...rangesSection(s, when),
			...threadsSection(s, when(s.threads)),
			...nativeScaleSection(s.nativeScale)
		);
	}
	return out.join('\n') + '\n';
}
