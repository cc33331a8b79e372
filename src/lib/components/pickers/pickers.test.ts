import { describe, expect, it } from 'vitest';
import { isCompleteFilter, runnableRef } from './event-ref.ts';
import { breakdownChoices } from './columns.ts';

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
});
