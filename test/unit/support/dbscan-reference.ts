/**
 * A plain O(n²) DBSCAN for tests (Ester et al. 1996's pseudo-code over arrays, every neighbourhood by
 * measuring every pair), sharing no code with the engine. A border row stays with the first cluster that
 * reaches it: the paper's changeClId(seeds) on a new cluster's first neighbourhood would also take a border
 * row of an earlier cluster; the rule (and scikit-learn) does not. Distances are compared squared,
 * Σ (x − y)² ≤ eps², as the engine does, so rows exactly eps apart fall on the same side.
 * Returns each row's cluster, numbered in the order found, −1 for noise.
 */
export function bruteDbscan(rows: number[][], eps: number, minPts: number): number[] {
	const n = rows.length;
	const d2 = (p: number[], q: number[]) => p.reduce((s, x, j) => s + (x - q[j]) ** 2, 0);
	const near = (a: number) => rows.flatMap((q, b) => (d2(q, rows[a]) <= eps * eps ? [b] : []));
	const label: (number | 'u')[] = new Array(n).fill('u');
	let next = 0;
	for (let p = 0; p < n; p++) {
		if (label[p] !== 'u') continue;
		const seeds = near(p);
		if (seeds.length < minPts) {
			label[p] = -1;
			continue;
		}
		const c = next++;
		for (const q of seeds) if (label[q] === 'u' || label[q] === -1) label[q] = c;
		const queue = seeds.filter((q) => q !== p);
		while (queue.length) {
			const q = queue.shift()!;
			const result = near(q);
			if (result.length < minPts) continue;
			for (const r of result) {
				if (label[r] === 'u' || label[r] === -1) {
					if (label[r] === 'u') queue.push(r);
					label[r] = c;
				}
			}
		}
	}
	return label as number[];
}

/** Mean silhouette (Rousseeuw 1987) of the rows with a label ≥ 0, Euclidean; a row alone in its cluster scores 0. */
export function silhouetteOfClustered(rows: number[][], labels: number[]): number {
	const idx = [...rows.keys()].filter((i) => labels[i] >= 0);
	const dist = (a: number, b: number) => Math.sqrt(rows[a].reduce((s, x, j) => s + (x - rows[b][j]) ** 2, 0));
	let total = 0;
	for (const i of idx) {
		const by = new Map<number, number[]>();
		for (const t of idx) if (t !== i) by.set(labels[t], [...(by.get(labels[t]) ?? []), dist(i, t)]);
		const own = by.get(labels[i]);
		if (!own) continue;
		const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
		const a = mean(own);
		const b = Math.min(...[...by].filter(([c]) => c !== labels[i]).map(([, v]) => mean(v)));
		total += (b - a) / Math.max(a, b);
	}
	return total / idx.length;
}
