import { describe, expect, it } from 'vitest';
import { nativeScaleSection } from '../../test/bench/native-scale-md.ts';
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

const part = (data: NativeScaleMeasure) => ({
	at: '2026-12-01 14:40 UTC',
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
