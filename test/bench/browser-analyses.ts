// The analyses part of the benchmark (issue 14): every registered analysis run through the page's own engine
// (client, job queue, worker, Arrow decode and shaping on the main thread), timed in the page from the
// request to the result in hand. The page exposes its engine under `?bench=1` (src/routes/+layout.svelte).
//  - cold and warm: `?cache=0` (every run computes); cold is the first run of the analysis on the dataset,
//    after the page's own background work (sessions, distinct counts) has finished; warm the next runs.
//  - cached reopen: with the result cache on, the same request again once computed (a hit of the tab's memory).
import type { Page } from 'playwright-core';
import { ANALYSES } from '../../src/lib/analyses/registry.ts';
import type { AnalysisSpecInput } from '../../src/lib/analyses/registry.ts';
import { ANALYSIS_VARIANTS } from './analysis-variants.ts';
import { dropToReport, type BenchServer } from './chromium-ingest.ts';
import { summarize, type Runs } from './stats.ts';
import type { Cohort } from './pandas.ts';
import { RETENTION } from './report-md.ts';

const features = [
	{ agg: 'count' as const, log: true },
	{ agg: 'active_days' as const },
	{ agg: 'sum' as const, column: 'revenue', log: true },
	{ agg: 'recency_days' as const }
];
const bought = { did: 'order_completed' };

/**
 * One spec per registered analysis: the registry's defaults where they need nothing from the file
 * (`{ kind }`), else a variant of analysis-variants.ts, else the smallest spec of the bench file's columns.
 * The click heatmap needs pointer columns the file lacks: its activity form is timed (test/bench/heatmap.ts
 * times click heatmaps on a click file).
 */
export const BROWSER_SPECS: Record<string, AnalysisSpecInput> = {
	'trend (defaults)': { kind: 'trend' },
	[RETENTION]: { kind: 'retention' },
	'funnel, five steps': ANALYSIS_VARIANTS['funnel, five steps'],
	'segment, did order_completed ≥ 2 in 30 days':
		ANALYSIS_VARIANTS['segment size, did order_completed ≥ 2 in 30 days'],
	'overlap of two segments': {
		kind: 'overlap',
		segments: [
			{ name: 'buyers', rule: bought },
			{ name: 'google', rule: { property: 'utm_source', op: '=', value: 'google' } }
		]
	} as AnalysisSpecInput,
	'KPI, DAU per day': ANALYSIS_VARIANTS['KPI, DAU per day'],
	'stickiness (defaults)': { kind: 'stickiness' },
	'lifecycle (defaults: weekly)': { kind: 'lifecycle' },
	'engagement, scores': ANALYSIS_VARIANTS['engagement, scores'],
	'RFM, revenue, 5 bins': ANALYSIS_VARIANTS['RFM, revenue, 5 bins'],
	'heatmap, activity by weekday and hour': ANALYSIS_VARIANTS['heatmap, activity by weekday and hour'],
	'churn (defaults: 30-day horizon)': { kind: 'churn' },
	'paths (defaults: depth 5 from each session start)': { kind: 'paths' },
	'clusters (k-means, k = 5, 4 features)': { kind: 'kmeans', features, k: 5 } as AnalysisSpecInput,
	'DBSCAN (eps from the k-distance knee, 4 features)': { kind: 'dbscan', features } as AnalysisSpecInput,
	"cluster tree (Ward's, 4 features)": { kind: 'hierarchical', features } as AnalysisSpecInput
};

/** Kinds of the registry that BROWSER_SPECS leaves out (none, unless an analysis was added since). */
export function missingKinds(specs: Record<string, AnalysisSpecInput> = BROWSER_SPECS): string[] {
	const have = new Set(Object.values(specs).map((s) => s.kind));
	return ANALYSES.map((a) => a.kind).filter((k) => !have.has(k));
}

interface PageRun {
	ms: number;
	/** The weekly retention's cohorts, when asked for (checked against pandas). */
	cohorts?: Cohort[];
	engineMs: number;
	cached: boolean;
	error?: string;
}

/** Runs `spec` through the page's engine; ms from the request to the result in hand, on the page's clock. */
function runInPage(page: Page, spec: AnalysisSpecInput, keep = false): Promise<PageRun> {
	// A string, not a function: tsx's helpers (__name) do not exist in the page.
	return page.evaluate<PageRun>(`(async () => {
		const engine = window.footfallBench;
		const t = performance.now();
		try {
			const out = await engine.run(${JSON.stringify(spec)});
			const ms = performance.now() - t;
			return { ms, engineMs: out.ms, cached: out.cached, cohorts: ${keep} ? out.result.cohorts : undefined };
		} catch (e) {
			return { ms: NaN, engineMs: NaN, cached: false, error: String(e && e.message || e) };
		}
	})()`);
}

/** The page's background work after a load (sessions and users, distinct counts), awaited. */
async function settle(page: Page): Promise<void> {
	await page.evaluate(`Promise.all([window.footfallBench.derived(), window.footfallBench.distinctCounts()])`);
}

export interface AnalysisTimes {
	cold: number | null;
	warm: Runs | null;
	error?: string;
}

export interface AnalysesMeasure {
	/** The drop → report of the page the analyses ran in (one more sample, with ?bench=1). */
	dropMs: number;
	settleMs: number;
	analyses: Record<string, AnalysisTimes>;
	/** Peak resident memory of the renderer after every analysis (VmHWM, MB). */
	peakRssMB: number | null;
	/** Our weekly retention (RETENTION's cohorts), for the check against pandas; not stored. */
	retention?: Cohort[];
}

/** Drops `file`, then each spec once cold and `warmRuns` times warm (`?cache=0`). */
export async function measureAnalyses(
	server: BenchServer,
	file: string,
	{ warmRuns = 3, specs = BROWSER_SPECS, log = console.log as (s: string) => void } = {}
): Promise<AnalysesMeasure> {
	const analyses: Record<string, AnalysisTimes> = {};
	let settleMs = NaN;
	let peakRssMB: number | null = null;
	let retention: Cohort[] | undefined;
	const drop = await dropToReport(
		server,
		file,
		async (page, peak) => {
			const t = performance.now();
			await settle(page);
			settleMs = performance.now() - t;
			log(`  background work after the load (sessions, distinct counts): ${Math.round(settleMs)} ms`);
			for (const [name, spec] of Object.entries(specs)) {
				const cold = await runInPage(page, spec, name === RETENTION);
				if (name === RETENTION) retention = cold.cohorts;
				if (cold.error) {
					analyses[name] = { cold: null, warm: null, error: cold.error };
					log(`  ${name}: failed: ${cold.error}`);
					continue;
				}
				const warm: number[] = [];
				for (let i = 0; i < warmRuns; i++) warm.push((await runInPage(page, spec)).ms);
				analyses[name] = { cold: cold.ms, warm: summarize(warm) };
				log(`  ${name}: cold ${Math.round(cold.ms)} ms, warm ${warm.map(Math.round).join(', ')} ms`);
			}
			peakRssMB = await peak();
		},
		'?demo=0&cache=0&workspace=0&bench=1'
	);
	return { dropMs: drop.ms, settleMs, analyses, peakRssMB, retention };
}

/** A few analyses computed once with the result cache on, then each requested `runs` times again. */
export const CACHED_SPECS = [
	'trend (defaults)',
	RETENTION,
	'funnel, five steps',
	'paths (defaults: depth 5 from each session start)',
	'RFM, revenue, 5 bins'
];

export async function measureCachedReopen(
	server: BenchServer,
	file: string,
	{ runs = 5, names = CACHED_SPECS, log = console.log as (s: string) => void } = {}
): Promise<Record<string, Runs>> {
	const out: Record<string, Runs> = {};
	await dropToReport(
		server,
		file,
		async (page) => {
			for (const name of names) {
				const first = await runInPage(page, BROWSER_SPECS[name]);
				const again: number[] = [];
				for (let i = 0; i < runs; i++) {
					const r = await runInPage(page, BROWSER_SPECS[name]);
					if (!r.cached) throw new Error(`${name}: not served from the cache on request ${i + 2}`);
					again.push(r.ms);
				}
				out[name] = summarize(again);
				log(
					`  ${name}: computed in ${Math.round(first.ms)} ms; cached ${again.map((x) => x.toFixed(1)).join(', ')} ms`
				);
			}
		},
		'?demo=0&workspace=0&bench=1'
	);
	return out;
}
