/**
 * The chart of a result alone, by kind, found by convention like the screens (views.ts): an analysis whose
 * `<kind>/chart-options.ts` exports `resultChart(result, spec)` can be drawn without its screen and its data,
 * from a result only (an imported workspace's carried results). Browser only; loaded on demand.
 */
import type { ChartOption } from '../components/charts/echarts.ts';

type ResultChart = (result: never, spec: never) => ChartOption | null;

const modules = import.meta.glob<{ resultChart?: ResultChart }>('./*/chart-options.ts');

/**
 * The chart options of `result` (of an analysis of `kind`, run with `spec`), or null when the kind draws no
 * chart from a result alone, or the result does not have the shape its chart reads (a file is untrusted).
 */
export async function resultChart(kind: string, spec: unknown, result: unknown): Promise<ChartOption | null> {
	const load = Object.hasOwn(modules, `./${kind}/chart-options.ts`)
		? modules[`./${kind}/chart-options.ts`]
		: undefined;
	const draw = load ? (await load()).resultChart : undefined;
	if (!draw || typeof result !== 'object' || result === null) return null;
	try {
		return draw(result as never, spec as never);
	} catch {
		return null;
	}
}
