/**
 * The step events of a funnel in user, then time, then file order, without a sort in the engine: a counting
 * sort by user key (stable: each user's events keep the order the engine returned them in), then each
 * user's run is checked and sorted only when it is not already by time then file position. No scan order is
 * trusted: DuckDB returns a single-threaded scan in insertion order (file order, which in an export is often
 * time order), but the native engine's threads interleave, and a file need not be in time order. Pure.
 */

/** Rows in (user, time, file position) order: `order[k]` is a row index, user u's rows `start[u]..start[u+1]`. */
export interface UserTimeOrder {
	order: Int32Array;
	/** Length users + 1. */
	start: Int32Array;
	/** `t` and each of `carry` in that order (`t[k]` is the input's `t[order[k]]`). */
	t: Float64Array;
	carried: Int32Array[];
	/** Users whose rows were not already in time order and were sorted here. */
	sorted: number;
}

/**
 * Orders rows by user key `u` (0 to users - 1), then time `t`, then file position `r` (both any unit; equal
 * pairs keep their order), and copies `t` and the `carry` columns in that order. The rows are read in turn
 * and written to their user's place (reading them in user order instead waits on memory, row after row).
 * O(rows + users) when every user's rows come in time order, else those users' runs are sorted (O(k log k)).
 */
export function userTimeOrder(
	u: ArrayLike<number>,
	t: ArrayLike<number>,
	r: ArrayLike<number>,
	users: number,
	carry: ArrayLike<number>[] = []
): UserTimeOrder {
	const n = u.length;
	const start = new Int32Array(users + 1);
	for (let i = 0; i < n; i++) start[u[i] + 1]++;
	for (let k = 0; k < users; k++) start[k + 1] += start[k];
	const next = start.slice(0, users);
	const order = new Int32Array(n);
	const ts = new Float64Array(n);
	const rs = new Float64Array(n);
	const carried = carry.map(() => new Int32Array(n));
	for (let i = 0; i < n; i++) {
		const k = next[u[i]]++;
		order[k] = i;
		ts[k] = t[i];
		rs[k] = r[i];
		for (let j = 0; j < carry.length; j++) carried[j][k] = carry[j][i];
	}
	let sorted = 0;
	for (let x = 0; x < users; x++) {
		const [a, b] = [start[x], start[x + 1]];
		let k = a + 1;
		while (k < b && (ts[k - 1] < ts[k] || (ts[k - 1] === ts[k] && rs[k - 1] <= rs[k]))) k++;
		if (k >= b) continue;
		const rows = order.subarray(a, b).sort((i, j) => t[i] - t[j] || r[i] - r[j]);
		for (let k = a; k < b; k++) {
			ts[k] = t[rows[k - a]];
			for (let j = 0; j < carry.length; j++) carried[j][k] = carry[j][rows[k - a]];
		}
		sorted++;
	}
	return { order, start, t: ts, carried, sorted };
}
