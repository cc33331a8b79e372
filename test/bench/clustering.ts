// Clustering at 1M users × 8 features, pure computation under Node (the feature table's SQL comes on top):
//   npx tsx test/bench/clustering.ts [rows] [what: kmeans,pca,silhouette,elbow]
// The table is made here from a seeded mulberry32 stream: six groups of users of different sizes and
// spreads, with skewed (log-normal) features as counts and amounts are, z-scored as the screen does. Prints
// CPU time of this process (user + system) and wall time per step, in ms; on a loaded machine the CPU time
// is the steadier figure.
import { mulberry32 } from '../unit/support/random.ts';
import { fitKmeans } from '../../src/lib/analyses/kmeans/lloyd.ts';
import { columnStats } from '../../src/lib/analyses/features/table.ts';
import { principalComponents, plotRows, project } from '../../src/lib/analyses/kmeans/pca.ts';
import { silhouetteRows, silhouettes } from '../../src/lib/analyses/kmeans/metrics.ts';

const [rowsArg = '1000000', what = 'kmeans,pca,silhouette,elbow'] = process.argv.slice(2);
const n = Number(rowsArg);
const d = 8;

function table(): Float64Array {
	const rand = mulberry32(3);
	const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
	const groups = Array.from({ length: 6 }, (_, g) => ({
		share: [0.35, 0.25, 0.15, 0.12, 0.08, 0.05][g],
		mean: Array.from({ length: d }, () => 3 * rand()),
		spread: 0.3 + 0.5 * rand()
	}));
	const X = new Float64Array(n * d);
	for (let i = 0; i < n; i++) {
		let r = rand();
		const g = groups.find((x) => (r -= x.share) < 0) ?? groups[0];
		for (let j = 0; j < d; j++) {
			const v = g.mean[j] + g.spread * normal();
			X[i * d + j] = j < 4 ? Math.log1p(Math.exp(v)) : v;
		}
	}
	const { mean, std } = columnStats(X, n, d);
	for (let i = 0; i < n * d; i++) X[i] = (X[i] - mean[i % d]) / (std[i % d] || 1);
	return X;
}

function timed<T>(name: string, f: () => T): T {
	const t = performance.now();
	const c = process.cpuUsage();
	const out = f();
	const used = process.cpuUsage(c);
	console.log(
		`${name}: CPU ${Math.round((used.user + used.system) / 1000)} ms, wall ${Math.round(performance.now() - t)} ms`
	);
	return out;
}

const X = table();
const steps = new Set(what.split(','));
let labels: Int32Array | null = null;
if (steps.has('kmeans'))
	for (const seed of [0, 1, 2]) {
		const fit = timed(`k-means k = 5, nInit 10, seed ${seed}`, () =>
			fitKmeans(X, n, d, { k: 5, seed, nInit: 10, maxIter: 300 })
		);
		console.log(`  inertia ${fit.inertia.toFixed(3)}, ${fit.iterations} full iterations`);
		labels = fit.labels;
	}
if (steps.has('pca'))
	for (let r = 0; r < 3; r++) {
		const pca = timed('PCA (covariance + eigen)', () => principalComponents(X, n, d));
		timed('projecting the plotted rows', () => project(X, d, pca, plotRows(n, 0).rows));
	}
const sil = silhouetteRows(n, 0);
if (steps.has('silhouette')) {
	const l = labels ?? fitKmeans(X, n, d, { k: 5, seed: 0, nInit: 1, maxIter: 50 }).labels;
	timed('silhouette, one k, 10,000-row sample', () => silhouettes(X, d, [l], [5], sil.rows));
}
if (steps.has('elbow')) {
	const fits = timed('elbow k = 1..10: k-means fits', () =>
		Array.from({ length: 10 }, (_, i) => fitKmeans(X, n, d, { k: i + 1, seed: 0, nInit: 10, maxIter: 300 }))
	);
	timed('elbow k = 1..10: silhouettes on the 10,000-row sample', () =>
		silhouettes(
			X,
			d,
			fits.map((f) => f.labels),
			fits.map((f) => f.k),
			sil.rows
		)
	);
}
