// The threads part's section of docs/BENCHMARKS.md (report-md.ts), from the stored results: pure.
import type { SizeResults } from './results.ts';
import { formatRuns, markdownTable, ratio } from './stats.ts';
import { setupName, WAYS, type ThreadsSetup } from './threads-setups.ts';

/** The section's lines; `when` says when the part was measured and the load around it. */
export function threadsSection(s: SizeResults, when: string): string[] {
	const t = s.threads?.data;
	if (!t) return ['DuckDB-WASM threads: not measured.'];
	const find = (build: string, threads: number, way: string) =>
		t.setups.find((x) => x.build === build && x.threads === threads && x.way === way);
	const shipped = find('eh', 1, 'handle');
	const outcome = (x: ThreadsSetup) =>
		x.errors.length
			? `failed in ${x.errors.length} of ${x.rows.length} runs: ${x.errors[0]}`
			: `${x.rows[0]?.toLocaleString('en')} rows, result ${x.sameResult ? 'equal' : 'DIFFERENT'}`;
	const rows = t.setups.map((x) => [
		setupName(x),
		formatRuns(x.read),
		formatRuns(x.readCpu),
		formatRuns(x.query),
		formatRuns(x.queryCpu),
		outcome(x)
	]);
	const med = (x: ThreadsSetup | undefined, f: 'read' | 'query') => x?.[f]?.median;
	const ratios = (Object.keys(WAYS) as (keyof typeof WAYS)[]).flatMap((way) => {
		const one = find('coi', 1, way);
		const two = find('coi', 2, way);
		return [
			[
				`coi 2 threads, ${way}: speed-up over eh, file handle (the shipped path)`,
				ratio(med(shipped, 'read'), med(two, 'read')),
				ratio(med(shipped, 'query'), med(two, 'query'))
			],
			[
				`coi, ${way}: 1 thread / 2 threads`,
				ratio(med(one, 'read'), med(two, 'read')),
				ratio(med(one, 'query'), med(two, 'query'))
			]
		];
	});
	return [
		`DuckDB-WASM's threaded build (\`coi\`) against its single-thread build (\`eh\`, the one the app ships), ` +
			`through its asynchronous API in its own worker, each run a fresh database on a page cross-origin ` +
			`isolated by the app's service worker (isolated: ${t.isolated ? 'yes' : 'NO'}; DuckDB ${t.version}; ` +
			`the page saw ${t.cores} cores; test/bench/threads.ts, docs/THREADS.md; ${when}; load average before ` +
			`each round: ${t.loads.slice(0, -1).join(' / ')}). Read: registering the file and the plain ` +
			'`CREATE TABLE t AS SELECT * FROM read_csv(file)`; query: a weekly-retention-shaped GROUP BY on t ' +
			'(threads.ts `GROUPED`). CPU: the tab\u2019s renderer process over the same span. Median (minimum):',
		'',
		markdownTable(
			['build, threads, file given as', 'read', 'read CPU', 'query', 'query CPU', 'outcome'],
			rows
		),
		'',
		`The ways: ${Object.entries(WAYS)
			.map(([k, v]) => `${k}, ${v}`)
			.join('; ')}. Ratios of the medians (above 1: faster):`,
		'',
		markdownTable(['ratio', 'read', 'query'], ratios)
	];
}
