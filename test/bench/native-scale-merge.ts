// Which native-scale steps a run measures (BENCH_NATIVE_STEPS), and what the stored results keep of the steps
// and thread counts (BENCH_NATIVE_THREADS) it did not re-measure: a 50M run spends ten minutes on load and
// sessions before its first analysis, so a run can measure just the missing steps, and the others stay with
// the date of the run that measured them. Pure, checked by test/unit/bench-native-scale.test.ts.
import type { NativeScaleMeasure, ScaleFigure, ScaleThreads } from './native-scale.ts';
import type { Part } from './results.ts';

/**
 * The analyses of `specs` whose name contains one of the comma-separated parts of `filter` (any case); all
 * of them when `filter` is empty or not given.
 */
export function selectSteps<T>(specs: Record<string, T>, filter: string | undefined): Record<string, T> {
	const parts = (filter ?? '')
		.split(',')
		.map((p) => p.trim().toLowerCase())
		.filter(Boolean);
	if (!parts.length) return specs;
	return Object.fromEntries(
		Object.entries(specs).filter(([name]) => parts.some((p) => name.toLowerCase().includes(p)))
	);
}

/** A run at this thread count measured something: a step, or at least how it ended. */
const ran = (t: ScaleThreads) => Object.keys(t.steps).length > 0 || t.ended.length > 0;

function mergeThreads(earlier: ScaleThreads, later: ScaleThreads, at: string, budgetS: number): ScaleThreads {
	// A kept figure says when it was measured and, if it was stopped, after how long.
	const kept = (f: ScaleFigure): ScaleFigure => ({ ...f, at: f.at ?? at, budgetS: f.budgetS ?? budgetS });
	const names = [...new Set([...Object.keys(earlier.steps), ...Object.keys(later.steps)])];
	const steps = Object.fromEntries(names.map((n) => [n, later.steps[n] ?? kept(earlier.steps[n])] as const));
	// maxRssMB and ended are of whole runs: the later run's, or the earlier's when it did not run here.
	return { ...(ran(later) ? later : earlier), steps };
}

/**
 * The native-scale part to store after a run: `later` (just measured) with, at each thread count, the steps
 * of `earlier` (the stored part) that `later` did not measure, each marked with `earlier.at` (or the date it
 * already had) and its budget; at a thread count `later` did not run at all, all of `earlier`'s, with how
 * its runs ended. Steps keep
 * `earlier`'s order, new ones after. Nothing is kept when the two differ in events or memory limit: their
 * figures are not of the same run setup. The load averages of a kept step are its own (ScaleFigure.load).
 */
export function mergeNativeScale(
	earlier: Part<NativeScaleMeasure> | undefined,
	later: Part<NativeScaleMeasure>
): Part<NativeScaleMeasure> {
	const [a, b] = [earlier?.data, later.data];
	if (!earlier || !a || !b || a.memoryLimit !== b.memoryLimit || (b.rows !== null && a.rows !== b.rows))
		return later;
	return {
		...later,
		data: {
			...b,
			rows: b.rows ?? a.rows,
			users: b.users ?? a.users,
			one: mergeThreads(a.one, b.one, earlier.at, a.budgetS),
			all: mergeThreads(a.all, b.all, earlier.at, a.budgetS)
		}
	};
}
