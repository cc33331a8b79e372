import { describe, expect, it } from 'vitest';
import { isCompleteFilter, runnableRef } from './event-ref.ts';
import { breakdownChoices } from './columns.ts';
import { FILTER_OP_LABELS } from './op-labels.ts';
import { FILTER_OPS } from '../../spec/check.ts';

describe('event references being typed', () => {
	it('runs only complete filters', () => {
		expect(isCompleteFilter({ column: 'plan', op: '=', value: '' })).toBe(false);
		expect(isCompleteFilter({ column: '', op: '=', value: 'pro' })).toBe(false);
		expect(isCompleteFilter({ column: 'plan', op: 'not_null' })).toBe(true);
		expect(isCompleteFilter({ column: 'n', op: '>', value: 0 })).toBe(true);
		expect(runnableRef({ event: 'buy', where: [{ column: 'plan', op: '=', value: '' }] })).toBeUndefined();
		expect(runnableRef({ event: null, where: [] })).toBeNull();
		expect(runnableRef({ event: 'buy', where: [] })).toEqual({ event: 'buy' });
	});
});

describe('breakdown choices', () => {
	it('offers few-valued columns first, the user and time columns never, one-value columns last', () => {
		const col = (name: string, distinct: number, role: 'user' | 'time' | null = null) => ({
			name,
			type: 'VARCHAR',
			nullRate: 0,
			distinct,
			role
		});
		const got = breakdownChoices([
			col('customer_id', 23570, 'user'),
			col('date', 546, 'time'),
			col('Country', 38),
			col('StockCode', 4070),
			col('source', 1),
			col('plan', 3)
		]);
		expect(got.map((c) => c.name)).toEqual(['plan', 'Country', 'StockCode', 'source']);
		expect(got.find((c) => c.name === 'StockCode')).toMatchObject({
			many: true,
			label: 'StockCode (4,070 values)'
		});
	});

	it('takes the exact counts counted after the load; a column not counted yet comes after the counted ones', () => {
		// As the report is built: no counts yet (engine/ingest/report.ts), then EngineCore.distinctCounts.
		const col = (name: string, role: 'user' | null = null) => ({
			name,
			type: 'VARCHAR',
			nullRate: 0,
			distinct: null,
			role
		});
		const columns = [
			col('customer_id', 'user'),
			col('Country'),
			col('StockCode'),
			col('source'),
			col('plan')
		];
		const before = breakdownChoices(columns);
		// Not counted yet: by name only (localeCompare: case does not come first).
		expect(before.map((c) => c.name)).toEqual(['Country', 'plan', 'source', 'StockCode']);
		expect(before.every((c) => c.distinct === null && !c.many && c.label === c.name)).toBe(true);
		const counts = [
			{ name: 'customer_id', distinct: 23570 },
			{ name: 'Country', distinct: 38 },
			{ name: 'StockCode', distinct: 4070 },
			{ name: 'source', distinct: 1 },
			// Did not fit in memory: stays uncounted, never guessed.
			{ name: 'plan', distinct: null }
		];
		const after = breakdownChoices(columns, counts);
		expect(after.map((c) => c.name)).toEqual(['Country', 'StockCode', 'plan', 'source']);
		expect(after.map((c) => c.distinct)).toEqual([38, 4070, null, 1]);
		expect(after.find((c) => c.name === 'StockCode')).toMatchObject({
			many: true,
			label: 'StockCode (4,070 values)'
		});
	});
});

describe('filter operator menus', () => {
	it('name every operator the spec accepts in words, never by its spec name (not_null, starts_with)', () => {
		for (const op of FILTER_OPS) {
			const label = FILTER_OP_LABELS[op];
			expect(label, op).toBeTruthy();
			expect(label, op).not.toMatch(/_/);
		}
		expect(FILTER_OP_LABELS.not_null).toBe('is set');
		expect(FILTER_OP_LABELS.starts_with).toBe('starts with');
	});
});
