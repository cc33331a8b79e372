/**
 * order.ts against a plain sort: rows in any order (here shuffled, with equal times) come out by user, time,
 * then file position, their columns carried along; rows already in order are not sorted again.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../test/unit/support/random.ts';
import { userTimeOrder } from './order.ts';

function rows(n: number, users: number, seed: number) {
	const rand = mulberry32(seed);
	const u = Int32Array.from({ length: n }, () => Math.floor(rand() * users));
	// Few distinct times, so that many rows of a user share one and the file position decides.
	const t = Float64Array.from(
		{ length: n },
		() => 1_700_000_000_000_000 + Math.floor(rand() * 20) * 1_000_000
	);
	const r = Float64Array.from({ length: n }, (_, i) => (i * 7919) % n);
	const m = Int32Array.from({ length: n }, () => Math.floor(rand() * 32));
	return { u, t, r, m };
}

/** The expected order, by Array.prototype.sort over (user, time, file position). */
function plainOrder({ u, t, r }: ReturnType<typeof rows>): number[] {
	return Array.from({ length: u.length }, (_, i) => i).sort(
		(a, b) => u[a] - u[b] || t[a] - t[b] || r[a] - r[b]
	);
}

describe('userTimeOrder', () => {
	it('sorts rows that come in no order, and carries their columns along', () => {
		const x = rows(3000, 40, 3);
		const got = userTimeOrder(x.u, x.t, x.r, 40, [x.m]);
		const want = plainOrder(x);
		expect(Array.from(got.order)).toEqual(want);
		expect(Array.from(got.t)).toEqual(want.map((i) => x.t[i]));
		expect(Array.from(got.carried[0])).toEqual(want.map((i) => x.m[i]));
		expect(got.sorted).toBe(40);
		for (let k = 0; k < 40; k++)
			expect(got.start[k + 1] - got.start[k]).toBe(x.u.filter((v) => v === k).length);
	});

	it('leaves rows already in user and time order as they are', () => {
		const x = rows(2000, 25, 5);
		const want = plainOrder(x);
		const inOrder = {
			u: Int32Array.from(want, (i) => x.u[i]),
			t: Float64Array.from(want, (i) => x.t[i]),
			r: Float64Array.from(want, (i) => x.r[i]),
			m: Int32Array.from(want, (i) => x.m[i])
		};
		const got = userTimeOrder(inOrder.u, inOrder.t, inOrder.r, 25);
		expect(got.sorted).toBe(0);
		expect(Array.from(got.order)).toEqual(want.map((_, k) => k));
	});

	it('keeps users without rows empty', () => {
		const got = userTimeOrder(Int32Array.of(2, 0, 2), Float64Array.of(5, 1, 3), Float64Array.of(0, 1, 2), 4);
		expect(Array.from(got.start)).toEqual([0, 1, 1, 3, 3]);
		expect(Array.from(got.order)).toEqual([1, 2, 0]);
	});
});
