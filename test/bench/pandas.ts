// The pandas part of the benchmark (issue 14): test/bench/pandas_retention.py, run by Debian's python3.
// The bench installs nothing: without pandas it says so and the row is skipped.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { summarize, type Runs } from './stats.ts';

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = path.join(path.dirname(new URL(import.meta.url).pathname), 'pandas_retention.py');

/** A retention table as SEMANTICS §2 gives it: one row per cohort (its first day), `values` per period. */
export interface Cohort {
	cohort: string;
	size: number;
	values: (number | null)[];
}

export type PandasMeasure =
	{ ok: true; runs: Runs; pandas: string; python: string; cohorts: Cohort[] } | { ok: false; reason: string };

/** `runs` timed loads + weekly retention in one Python process (ms per run, imports excluded). */
export function measurePandas(file: string, runs = 3): PandasMeasure {
	const probe = spawnSync(PYTHON, ['-c', 'import sys, pandas; print(sys.version.split()[0])'], {
		encoding: 'utf8'
	});
	if (probe.status !== 0)
		return { ok: false, reason: `no pandas for ${PYTHON} (apt-get install python3-pandas)` };
	const out = spawnSync(PYTHON, [SCRIPT, file, String(runs)], {
		encoding: 'utf8',
		maxBuffer: 64 * 2 ** 20
	});
	if (out.status !== 0) return { ok: false, reason: `pandas_retention.py failed: ${out.stderr.slice(-500)}` };
	const r = JSON.parse(out.stdout) as { runs_ms: number[]; pandas: string; cohorts: Cohort[] };
	return {
		ok: true,
		runs: summarize(r.runs_ms),
		pandas: r.pandas,
		python: probe.stdout.trim(),
		cohorts: r.cohorts
	};
}

/**
 * The differences between two retention tables, cohort by cohort, as lines of text (empty when they are
 * equal): a cohort missing on either side, a different size, or a different count or null in a period.
 */
export function retentionDiff(ours: Cohort[], theirs: Cohort[]): string[] {
	const diffs: string[] = [];
	const byCohort = new Map(theirs.map((c) => [c.cohort, c]));
	for (const c of ours) {
		const t = byCohort.get(c.cohort);
		byCohort.delete(c.cohort);
		if (!t) diffs.push(`${c.cohort}: only in ours`);
		else if (c.size !== t.size || JSON.stringify(c.values) !== JSON.stringify(t.values))
			diffs.push(
				`${c.cohort}: ours ${c.size} ${JSON.stringify(c.values)}, pandas ${t.size} ${JSON.stringify(t.values)}`
			);
	}
	for (const c of byCohort.keys()) diffs.push(`${c}: only in pandas`);
	return diffs;
}
