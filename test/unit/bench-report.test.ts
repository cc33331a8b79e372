import { describe, expect, it } from 'vitest';
import { benchmarksMarkdown, RETENTION } from '../../test/bench/report-md.ts';
import { retentionDiff } from '../../test/bench/pandas.ts';
import type { Results } from '../../test/bench/results.ts';
import { summarize } from '../../test/bench/stats.ts';

const part = <T>(data: T) => ({ at: '2026-12-01 06:00 UTC', loadBefore: '1.0', loadAfter: '2.0', data });

const results: Results = {
	environment: {
		cpu: 'Test CPU',
		cores: 2,
		memoryGB: 8,
		os: 'Linux',
		node: 'v20',
		chromium: 'Chromium 1',
		duckdbWasm: 'w',
		duckdbNode: 'n',
		footfall: 'abc'
	},
	run: {
		parts: ['ingest', 'native', 'pandas', 'analyses'],
		rows: [1_000_000],
		start: { at: '06:00', load: '3.10, 2.00, 1.00' },
		end: { at: '06:30', load: '4.20, 3.00, 2.00' }
	},
	sizes: [
		{
			rows: 1_000_000,
			csvMB: 113.9,
			ingest: part({
				dropToReport: summarize([4100, 4000, 4300]),
				plainRead: summarize([2800, 2900, 2700]),
				plainReadInWorker: summarize([2500, 2600, 2400]),
				dropToReportCpu: summarize([3000, 3100, 2900]),
				plainReadCpu: summarize([2000, 2100, 1900]),
				rows: { app: 997_000, plain: 1_000_000 },
				peakRssMB: { app: 900, plain: 600 },
				plainHeapMB: 400
			}),
			native: part({
				version: 'v1.4.3',
				threads: { one: summarize([1500, 1600, 1400]), all: summarize([800, 900, 700]), allCount: 2 },
				rows: 1_000_000
			}),
			pandas: part({
				ok: true as const,
				runs: summarize([9000, 9100, 8900]),
				pandas: '1.5.3',
				python: '3.11',
				cohorts: [],
				check: []
			}),
			analyses: part({
				dropMs: 4200,
				settleMs: 900,
				peakRssMB: 1000,
				analyses: {
					[RETENTION]: { cold: 500, warm: summarize([150, 140, 160]) },
					paths: { cold: 4000, warm: summarize([400, 350, 420]) }
				}
			})
		}
	]
};

describe('docs/BENCHMARKS.md writer (test/bench/report-md.ts)', () => {
	const md = benchmarksMarkdown(results);

	it('gives the ratios of the medians side by side', () => {
		// 4100 / 2800, 4100 / 1500, 2800 / 1500, 1500 / 800, computed by hand.
		expect(md).toContain('| drop → report / plain read_csv in Chromium | 1.46× | ≤ 1.25× |');
		expect(md).toContain('| the same, by CPU time of the tab (steadier under load) | 1.50× |  |');
		expect(md).toContain('| drop → report / native, 1 thread | 2.73× |  |');
		expect(md).toContain('| plain read_csv in Chromium / native, 1 thread | 1.87× |  |');
		expect(md).toContain('| native, 1 thread / all threads | 1.88× |  |');
	});

	it('adds weekly retention cold to drop → report for the end-to-end figure against pandas', () => {
		// 4100 + 500 = 4600 ms; 9000 / 4600 = 1.96.
		expect(md).toContain('| Footfall: drop → report (median) + weekly retention, cold | 4,600 ms |');
		expect(md).toContain('| Footfall end to end, times faster than pandas (pandas / Footfall) | 1.96× |');
		expect(md).toContain("pandas' weekly retention equals ours");
	});

	it('writes the load at the start and end, the machine, and each analysis against 300 ms', () => {
		expect(md).toContain('3.10, 2.00, 1.00');
		expect(md).toContain('4.20, 3.00, 2.00');
		expect(md).toContain('| CPU | Test CPU, 2 cores |');
		expect(md).toContain(`| ${RETENTION} | 500 ms | 150 ms (140 ms) | yes |`);
		expect(md).toContain('| paths | 4,000 ms | 400 ms (350 ms) | no |');
	});

	it('puts the JSONL drop → report beside the CSV one, with their ratios', () => {
		const withJsonl = structuredClone(results);
		withJsonl.sizes[0].ingest!.data.jsonl = {
			MB: 191.2,
			dropToReport: summarize([6000, 6200, 5800]),
			dropToReportCpu: summarize([3600, 3700, 3500]),
			rows: 997_000,
			peakRssMB: 950
		};
		const out = benchmarksMarkdown(withJsonl);
		expect(out).toContain('| the same events as JSONL (191.2 MB): drop → report | 6,000 ms (5,800 ms) |');
		// 6000 / 4100 and 3600 / 3000, computed by hand.
		expect(out).toContain('| JSONL drop → report / CSV drop → report | 1.46× | ≤ 2× |');
		expect(out).toContain('| the same, by CPU time of the tab | 1.20× |  |');
		expect(md).not.toContain('JSONL');
	});

	it('says why pandas was skipped', () => {
		const skipped = structuredClone(results);
		skipped.sizes[0].pandas = part({ ok: false as const, reason: 'no pandas' });
		expect(benchmarksMarkdown(skipped)).toContain('pandas: skipped (no pandas).');
	});
});

describe('retention check against pandas (test/bench/pandas.ts)', () => {
	const row = (cohort: string, values: (number | null)[]) => ({ cohort, size: values[0] ?? 0, values });

	it('finds nothing in equal tables', () => {
		expect(retentionDiff([row('2025-01-06', [3, 1, null])], [row('2025-01-06', [3, 1, null])])).toEqual([]);
	});

	it('names a differing period, a 0 for a null, and a cohort on one side only', () => {
		const diffs = retentionDiff(
			[row('2025-01-06', [3, 1, null]), row('2025-01-13', [2, null])],
			[row('2025-01-06', [3, 1, 0]), row('2025-01-20', [1, null])]
		);
		expect(diffs).toEqual([
			'2025-01-06: ours 3 [3,1,null], pandas 3 [3,1,0]',
			'2025-01-13: only in ours',
			'2025-01-20: only in pandas'
		]);
	});
});
