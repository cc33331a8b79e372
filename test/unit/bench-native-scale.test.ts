import { describe, expect, it } from 'vitest';
import { nativeScaleSection } from '../../test/bench/native-scale-md.ts';
import { mergeNativeScale, selectSteps } from '../../test/bench/native-scale-merge.ts';
import { benchmarksMarkdown } from '../../test/bench/report-md.ts';
import type { NativeScaleMeasure, ScaleFigure } from '../../test/bench/native-scale.ts';
import { summarize } from '../../test/bench/stats.ts';

const step = (ms: number[], extra: Partial<ScaleFigure> = {}): ScaleFigure => ({
	time: ms.length ? summarize(ms) : null,
	sql: null,
	rssPeakMB: 1200,
	duckPeakMB: 900,
	spillPeakMB: 0,
	spillDirPeakMB: 0,
	load: [[2.5, 2.75]],
	errors: [],
	stopped: 0,
	...extra
});

const measure = (runs: number): NativeScaleMeasure => ({
	version: 'v1.4.3',
	rows: 50_000_000,
	users: 1_234_567,
	memoryLimit: '4GB',
	runs,
	budgetS: 600,
	one: {
		threads: 1,
		steps: {
			load: step([90_000], { spillPeakMB: 5120, spillDirPeakMB: 5000 }),
			retention: step([12_000], { kind: 'SQL', sql: summarize([11_000]) }),
			paths: step([], { kind: 'SQL', errors: ['Out of Memory Error: could not allocate'] }),
			kmeans: step([], { kind: 'SQL + JS', stopped: 1, errors: ['Cancelled'] })
		},
		maxRssMB: [4321],
		ended: []
	},
	all: {
		threads: 2,
		steps: {
			load: step([60_000]),
			retention: step([8_000], { kind: 'SQL', sql: summarize([7_000]) }),
			paths: step([30_000], { kind: 'SQL' }),
			kmeans: step([100_000], { kind: 'SQL + JS' })
		},
		maxRssMB: [5000],
		ended: ['signal SIGKILL']
	}
});

const part = (data: NativeScaleMeasure, at = '2026-12-01 14:40 UTC') => ({
	at,
	loadBefore: '2.1',
	loadAfter: '3.4',
	data
});

describe('the native-scale section of docs/BENCHMARKS.md (test/bench/native-scale-md.ts)', () => {
	it('gives each step at both thread counts, their ratio, peaks, spill and load averages', () => {
		const md = nativeScaleSection(part(measure(3))).join('\n');
		// 90 s / 60 s and 12 s / 8 s, by hand.
		expect(md).toContain(
			'| load |  | 90.0 s (90.0 s) | 60.0 s (60.0 s) | 1.50× |  | 1,200 / 1,200 | 900 / 900 | 5,120 (5,000) / 0 (0) | 2.5 → 2.75 / 2.5 → 2.75 |'
		);
		expect(md).toContain(
			'| retention | SQL | 12.0 s (12.0 s) | 8,000 ms (8,000 ms) | 1.50× | 11.0 s / 7,000 ms |'
		);
		expect(md).toContain('Memory limit: 4GB.');
		expect(md).toContain('50,000,000 events kept, 1,234,567 users');
		expect(md).toContain('Median (minimum) of 3 runs per figure.');
		expect(md).toContain('Runs that did not finish: 2 threads: signal SIGKILL.');
	});

	it('says which steps failed or were stopped, and when a figure is one run', () => {
		const md = nativeScaleSection(part(measure(1))).join('\n');
		expect(md).toContain(
			'| paths | SQL | failed: Out of Memory Error: could not allocate | 30.0 s (30.0 s) | — |'
		);
		expect(md).toContain('| kmeans | SQL + JS | stopped after 600 s | 100.0 s (100.0 s) | — |');
		expect(md).toContain('**One run per figure**');
	});

	it('counts the load around each step in the note on how busy the machine was', () => {
		const busy = measure(1);
		busy.all.steps.kmeans = step([100_000], { kind: 'SQL + JS', load: [[3.5, 12.3]] });
		const md = benchmarksMarkdown({
			environment: {
				cpu: 'c',
				cores: 2,
				memoryGB: 8,
				os: 'o',
				node: 'n',
				chromium: 'c',
				duckdbWasm: 'w',
				duckdbNode: 'n',
				footfall: 'f'
			},
			run: {
				parts: ['native-scale'],
				rows: [50_000_000],
				start: { at: 'a', load: '1' },
				end: { at: 'b', load: '2' }
			},
			sizes: [{ rows: 50_000_000, csvMB: 5868.1, nativeScale: part(busy) }]
		});
		// The part's own loads are 2.1 and 3.4; a step's 12.3 is the most.
		expect(md).toContain('**The machine was shared with other jobs while these were measured**');
		expect(md).toContain('2 cores; at most 12.3)');
	});

	it('says when the part was not measured', () => {
		expect(nativeScaleSection(undefined)).toEqual(['Native DuckDB at scale: not measured.']);
	});
});

describe('a native-scale run of some steps keeps the stored figures of the others (native-scale-merge.ts)', () => {
	const SPECS = {
		'paths (depth 5)': 1,
		'clusters (k-means, k = 5)': 2,
		"cluster tree (Ward's)": 3,
		trend: 4
	};

	it('selects the analyses whose names contain a part of the filter, in any case; all without one', () => {
		expect(Object.keys(selectSteps(SPECS, ' K-MEANS,ward '))).toEqual([
			'clusters (k-means, k = 5)',
			"cluster tree (Ward's)"
		]);
		expect(selectSteps(SPECS, undefined)).toBe(SPECS);
		expect(selectSteps(SPECS, ' , ')).toBe(SPECS);
		expect(selectSteps(SPECS, 'dbscan')).toEqual({});
	});

	// The stored part: measure(1) on 2026-12-01 14:40. The later run: one thread only, load again (always
	// run), paths again (now measured) and a step the earlier run did not have, with a budget of 420 s.
	const later = (): NativeScaleMeasure => ({
		...measure(1),
		budgetS: 420,
		one: {
			threads: 1,
			steps: { load: step([95_000]), paths: step([400_000], { kind: 'SQL' }), dbscan: step([7_000]) },
			maxRssMB: [6000],
			ended: []
		},
		all: { threads: 2, steps: {}, maxRssMB: [], ended: [] }
	});

	it('replaces the re-measured steps, keeps the others with their date and budget, and an unrun thread count whole', () => {
		const earlier = measure(1);
		const merged = mergeNativeScale(part(earlier), part(later(), '2026-12-02 00:30 UTC'));
		expect(merged.at).toBe('2026-12-02 00:30 UTC');
		const one = merged.data.one;
		expect(Object.keys(one.steps)).toEqual(['load', 'retention', 'paths', 'kmeans', 'dbscan']);
		expect(one.steps.load.time?.median).toBe(95_000);
		expect(one.steps.paths.time?.median).toBe(400_000);
		expect(one.steps.paths.at).toBeUndefined();
		expect(one.steps.retention).toEqual({
			...earlier.one.steps.retention,
			at: '2026-12-01 14:40 UTC',
			budgetS: 600
		});
		expect(one.steps.kmeans.at).toBe('2026-12-01 14:40 UTC');
		expect(one.maxRssMB).toEqual([6000]);
		// Two threads were not run: the earlier figures, each dated, and how that run ended.
		expect(merged.data.all.ended).toEqual(['signal SIGKILL']);
		expect(Object.values(merged.data.all.steps).map((f) => f.at)).toEqual(
			Array(4).fill('2026-12-01 14:40 UTC')
		);
		expect(merged.data.all.steps.paths.time?.median).toBe(30_000);
		expect(merged.data.budgetS).toBe(420);
	});

	it('keeps the first date of a figure kept twice', () => {
		const first = mergeNativeScale(part(measure(1)), part(later(), '2026-12-02 00:30 UTC'));
		// The third run measures dbscan only: paths keeps the second run's date, retention the first's.
		const third = later();
		delete third.one.steps.paths;
		const again = mergeNativeScale(first, part(third, '2026-12-02 01:00 UTC'));
		expect(again.data.one.steps.retention.at).toBe('2026-12-01 14:40 UTC');
		expect(again.data.one.steps.paths.at).toBe('2026-12-02 00:30 UTC');
	});

	it('keeps nothing from a run of another memory limit or size', () => {
		const fresh = part({ ...later(), memoryLimit: '8GB' });
		expect(mergeNativeScale(part(measure(1)), fresh)).toBe(fresh);
		const bigger = part({ ...later(), rows: 60_000_000 });
		expect(mergeNativeScale(part(measure(1)), bigger)).toBe(bigger);
		expect(mergeNativeScale(undefined, fresh)).toBe(fresh);
	});

	it('dates the kept figures in the section, a stopped one with its own budget', () => {
		const merged = mergeNativeScale(part(measure(1)), part(later(), '2026-12-02 00:30 UTC'));
		const md = nativeScaleSection(merged).join('\n');
		expect(md).toContain(
			'| kmeans | SQL + JS | stopped after 600 s [2026-12-01 14:40 UTC] | 100.0 s (100.0 s) [2026-12-01 14:40 UTC] |'
		);
		expect(md).toContain('| dbscan |  | 7,000 ms (7,000 ms) | — |');
		// 400 s now against 30 s kept from the earlier run: no ratio across runs.
		expect(md).toContain('| paths | SQL | 400.0 s (400.0 s) | 30.0 s (30.0 s) [2026-12-01 14:40 UTC] | — |');
		expect(md).toContain('A date in square brackets: that figure is from an earlier run on that date');
		expect(nativeScaleSection(part(measure(1))).join('\n')).not.toContain('square brackets');
	});
});
