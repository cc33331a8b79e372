// DBSCAN on 100,000 × 2 (issue 12's target: ≤ 2 s in the worker), pure computation under Node, on seeded
// points (eight blobs of different spread plus 5 % uniform noise, z-scored as the screen does). Prints CPU
// time (process.cpuUsage, user + system: the machine is shared, so wall time says little) and wall time of
// the fastest of BENCH_REPEAT runs for: the k-distance curve (minPts 5), DBSCAN at the suggested eps and at
// half and twice it, and the silhouette on the 10,000-row sample. `npx tsx test/bench/dbscan.ts [rows] [d]`.
import { dbscan, kDistance } from '../../src/lib/analyses/dbscan/dbscan.ts';
import { silhouetteRows, silhouettes } from '../../src/lib/analyses/kmeans/metrics.ts';

const N = Number(process.argv[2] ?? 100_000);
const D = Number(process.argv[3] ?? 2);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const MIN_PTS = 5;

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function data(n: number, d: number): Float64Array {
	const rand = mulberry32(12);
	const centers = Array.from({ length: 8 }, () => Array.from({ length: d }, () => rand() * 20));
	const X = new Float64Array(n * d);
	for (let i = 0; i < n; i++) {
		const noise = rand() < 0.05;
		const c = centers[i % 8];
		const spread = 0.3 + (i % 8) * 0.15;
		for (let j = 0; j < d; j++)
			X[i * d + j] = noise ? rand() * 24 - 2 : c[j] + (rand() + rand() + rand() - 1.5) * spread;
	}
	for (let j = 0; j < d; j++) {
		let m = 0;
		let s = 0;
		for (let i = 0; i < n; i++) m += X[i * d + j];
		m /= n;
		for (let i = 0; i < n; i++) s += (X[i * d + j] - m) ** 2;
		s = Math.sqrt(s / n);
		for (let i = 0; i < n; i++) X[i * d + j] = (X[i * d + j] - m) / s;
	}
	return X;
}

function time<T>(label: string, f: () => T): T {
	let best = { cpu: Infinity, wall: Infinity };
	let out: T | undefined;
	for (let r = 0; r < REPEAT; r++) {
		const c0 = process.cpuUsage();
		const w0 = performance.now();
		out = f();
		const wall = performance.now() - w0;
		const c = process.cpuUsage(c0);
		const cpu = (c.user + c.system) / 1000;
		if (cpu < best.cpu) best = { cpu, wall };
	}
	console.log(
		`${label.padEnd(52)} CPU ${best.cpu.toFixed(0).padStart(6)} ms   wall ${best.wall.toFixed(0).padStart(6)} ms`
	);
	return out!;
}

const X = data(N, D);
console.log(`${N.toLocaleString('en')} rows × ${D}, minPts ${MIN_PTS}, best of ${REPEAT}`);
const kd = time('k-distance curve and knee', () => kDistance(X, N, D, MIN_PTS));
const eps = kd.knee!.distance;
for (const [name, e] of [
	['suggested', eps],
	['half', eps / 2],
	['twice', eps * 2]
] as const) {
	const fit = time(`DBSCAN, eps ${name} (${e.toPrecision(3)})`, () => dbscan(X, N, D, e, MIN_PTS));
	const noise = fit.labels.reduce((s, l) => s + (l < 0 ? 1 : 0), 0);
	console.log(`  ${fit.k} clusters, ${noise.toLocaleString('en')} noise rows`);
}
const fit = dbscan(X, N, D, eps, MIN_PTS);
const kept = Int32Array.from(fit.labels.keys()).filter((i) => fit.labels[i] >= 0);
const sample = silhouetteRows(kept.length, 0);
const rows = sample.rows.map((r) => kept[r]);
time('silhouette on the non-noise sample (10,000 rows)', () =>
	silhouettes(X, D, [fit.labels], [fit.k], rows)
);
