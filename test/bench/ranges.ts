// The byte-range part of the benchmark (issue 14, "more than one core", the second way): the CSV cut into N
// ranges at record ends (ranges/cut.ts), each range (header in front) parsed by its own worker with its own
// DuckDB-WASM, with the dialect and column types DuckDB sniffed for the whole file (so every part agrees),
// exported as Arrow IPC, transferred to the first worker's database and inserted there; against the plain
// read_csv of the same file in the same browser (ranges/ranges.page.ts, ranges.worker.ts). Each run is a
// fresh Chromium (so its renderer's peak memory is the run's alone); runs interleave the variants, so a
// change in the machine's load shifts them alike. `npm run bench -- --only ranges`.
import { freshBrowser, type BenchServer } from './chromium-ingest.ts';
import { summarize, type Runs } from './stats.ts';
import type { RangesCheck, RangesOutcome } from './ranges/ranges.page.ts';

/** Parts per variant; 0 is the plain read_csv. 4 shows what more workers than the machine's 2 cores do. */
export const PART_COUNTS = [0, 1, 2, 4];

/** One variant's figures over the runs: times in ms (median, min), memory in MB (largest over the runs). */
export interface RangesVariant {
	/** Bench's clock: the file given to the page → the table complete. */
	total: Runs;
	/** CPU time (user + system) of the tab's renderer process (page and workers) over the same span. */
	cpu: Runs;
	/** Page's clock, per phase (ranges/ranges.page.ts RangesOutcome); absent for the plain read. */
	split?: Runs;
	sniff?: Runs;
	parse?: Runs;
	combine?: Runs;
	insert?: Runs;
	/** combine less insert: the parts' handing over to the first worker (transferred, not copied). */
	transfer?: Runs;
	/** The slowest worker's CREATE TABLE of its part, and the slowest Arrow export, in the workers. */
	workerParse?: Runs;
	workerExport?: Runs;
	/** Engines' start (instantiate, open) before the clock: the slowest worker's, median over the runs. */
	startMs: number;
	peakRssMB: number | null;
	heapMB: number;
}

export interface RangesMeasure {
	variants: Record<string, RangesVariant>;
	rows: number;
	/** The cutter's findings on the file: any quote byte, naive cuts that would have been inside quotes. */
	quotes: boolean;
	movedOutOfQuotes: number;
	/** Differences between each split read's table and the plain read's (rows, checksum, types); empty: none. */
	check: string[];
}

interface Run extends RangesOutcome {
	wallMs: number;
	cpuMs: number;
	peakRssMB: number | null;
	table: RangesCheck;
}

async function rangesRun(server: BenchServer, file: string, parts: number): Promise<Run> {
	const b = await freshBrowser();
	try {
		const q = `parts=${parts}&wasm=${encodeURIComponent(server.wasm)}`;
		await b.page.goto(`${server.url}__bench/ranges.html?${q}`);
		await b.page.evaluate('window.benchReady');
		const cpu = await b.cpuMs();
		const t = performance.now();
		await b.page.locator('#file').setInputFiles(file);
		const r = await b.page.evaluate<RangesOutcome>('window.benchResult');
		const wallMs = performance.now() - t;
		const cpuMs = (await b.cpuMs()) - cpu;
		const peakRssMB = await b.peakRssMB();
		const table = await b.page.evaluate<RangesCheck>('window.benchCheck');
		return { ...r, wallMs, cpuMs, peakRssMB, table };
	} finally {
		await b.close();
	}
}

const name = (parts: number) => (parts === 0 ? 'plain read_csv' : `${parts} part${parts > 1 ? 's' : ''}`);

function variant(runs: Run[]): RangesVariant {
	const of = (f: (r: Run) => number | undefined) => {
		const xs = runs.map(f);
		return xs.every((x) => x !== undefined) ? summarize(xs as number[]) : undefined;
	};
	const peaks = runs.map((r) => r.peakRssMB).filter((x) => x !== null);
	const slowest = (f: (w: Run['workers'][number]) => number) => (r: Run) =>
		r.workers.length ? Math.max(...r.workers.map(f)) : undefined;
	return {
		total: of((r) => r.wallMs)!,
		cpu: of((r) => r.cpuMs)!,
		split: of((r) => r.splitMs),
		sniff: of((r) => r.sniffMs),
		parse: of((r) => r.parseMs),
		combine: of((r) => r.combineMs),
		insert: of((r) => r.insertMs),
		transfer: of((r) => (r.combineMs === undefined ? undefined : r.combineMs - r.insertMs!)),
		workerParse: of(slowest((w) => w.parseMs)),
		// The first part stays where it is parsed: only the others are exported.
		workerExport: of((r) =>
			r.workers.length > 1 ? Math.max(...r.workers.slice(1).map((w) => w.exportMs)) : undefined
		),
		startMs: summarize(runs.map((r) => Math.max(...r.startMs))).median,
		peakRssMB: peaks.length ? Math.max(...peaks) : null,
		heapMB: Math.max(...runs.map((r) => r.heapMB))
	};
}

/** What a split read's table differs in from the plain read's (empty: same rows, checksum, types). */
function differences(plain: Run, r: Run): string[] {
	const out: string[] = [];
	const what = `${name(r.parts)}, run`;
	if (r.table.rows !== plain.table.rows) out.push(`${what}: ${r.table.rows} rows, plain ${plain.table.rows}`);
	if (r.table.checksum !== plain.table.checksum) out.push(`${what}: checksum differs from the plain read's`);
	if (r.table.types !== plain.table.types)
		out.push(`${what}: types ${r.table.types}; plain ${plain.table.types}`);
	const parts = r.workers.reduce((s, w) => s + w.rows, 0);
	if (parts !== r.table.rows)
		out.push(`${what}: parts hold ${parts} rows, the combined table ${r.table.rows}`);
	return out;
}

/** `runs` runs of each variant in PART_COUNTS, interleaved, with their checks against the plain read. */
export async function measureRanges(
	server: BenchServer,
	file: string,
	runs = 3,
	log: (s: string) => void = console.log
): Promise<RangesMeasure> {
	const all = new Map<number, Run[]>(PART_COUNTS.map((p) => [p, []]));
	const check: string[] = [];
	const ms = (x: number | undefined) => (x === undefined ? '—' : `${Math.round(x)}`);
	for (let i = 0; i < runs; i++) {
		let plain: Run | undefined;
		for (const parts of PART_COUNTS) {
			const r = await rangesRun(server, file, parts);
			all.get(parts)!.push(r);
			if (parts === 0) plain = r;
			else check.push(...differences(plain!, r));
			log(
				`  ${name(parts)} ${i + 1}: ${ms(r.wallMs)} ms (renderer CPU ${ms(r.cpuMs)} ms; split ${ms(r.splitMs)}, ` +
					`sniff ${ms(r.sniffMs)}, parse ${ms(r.parseMs)} [in workers ${r.workers.map((w) => `${ms(w.parseMs)}+${ms(w.exportMs)}`).join(', ')}], ` +
					`combine ${ms(r.combineMs)} [insert ${ms(r.insertMs)}]), ${r.table.rows} rows in ${r.ranges} range(s), ` +
					`heaps ${r.heapMB} MB, renderer peak ${r.peakRssMB} MB, engines up in ${r.startMs.map(ms).join(', ')} ms`
			);
		}
	}
	if (check.length) log(`  DIFFERENT:\n    ${check.join('\n    ')}`);
	else log('  every split read equals the plain read: rows, checksum, column types');
	const split = all.get(PART_COUNTS.at(-1)!)![0];
	return {
		variants: Object.fromEntries(PART_COUNTS.map((p) => [name(p), variant(all.get(p)!)])),
		rows: all.get(0)![0].table.rows,
		quotes: split.quotes!,
		movedOutOfQuotes: split.movedOutOfQuotes!,
		check
	};
}
