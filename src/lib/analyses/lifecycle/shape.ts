import type { Table } from 'apache-arrow';
import type { LifecycleResult, LifecycleSpec } from './spec.ts';

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/** The rows of `compileLifecycle` (one per period) as the lifecycle result. */
export function shapeLifecycle(table: Table, spec: Pick<LifecycleSpec, 'period'>): LifecycleResult {
	const col = (name: string) => {
		const c = table.getChild(name);
		if (!c) throw new Error(`Lifecycle result has no column ${name}`);
		return c;
	};
	const [period, fresh, returning, resurrecting, dormant] = [
		'period',
		'new',
		'returning',
		'resurrecting',
		'dormant'
	].map(col);
	const periods = [];
	for (let i = 0; i < table.numRows; i++)
		periods.push({
			period: period.get(i) as string,
			new: num(fresh.get(i)),
			returning: num(returning.get(i)),
			resurrecting: num(resurrecting.get(i)),
			dormant: num(dormant.get(i))
		});
	return { period: spec.period, periods };
}
