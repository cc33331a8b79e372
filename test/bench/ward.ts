// Ward's hierarchical clustering (issue 12) on its largest tree, 10,000 users × 8 features, pure computation
// under Node (the feature table's SQL comes on top):
//   npx tsx test/bench/ward.ts [rows] [repeat]
// prints wall and CPU time of this process per run, in ms, for the tree, the cut and the silhouette.
import { mulberry32 } from '../unit/support/random.ts';
import { clustersAtHeight, cutHeight, cutTree } from '../../src/lib/analyses/hierarchical/cut.ts';
import { wardLinkage } from '../../src/lib/analyses/hierarchical/ward.ts';
import { silhouetteRows, silhouettes } from '../../src/lib/analyses/kmeans/metrics.ts';

const n = Number(process.argv[2] ?? 10_000);
const repeat = Number(process.argv[3] ?? 3);
const d = 8;
const rand = mulberry32(12);
// Six blobs of z-scored-like features, as a user table with a few behaviours.
const X = new Float64Array(n * d);
for (let i = 0; i < n; i++)
	for (let j = 0; j < d; j++) X[i * d + j] = ((i % 6) - 2.5) * (j % 3) * 0.6 + rand() * 2;

function time<T>(work: () => T): { value: T; ms: number; cpuMs: number } {
	const t = performance.now();
	const c = process.cpuUsage();
	const value = work();
	const u = process.cpuUsage(c);
	return { value, ms: Math.round(performance.now() - t), cpuMs: Math.round((u.user + u.system) / 1000) };
}

for (let r = 0; r < repeat; r++) {
	const tree = time(() => wardLinkage(X, n, d));
	const cut = time(() => cutTree(tree.value, clustersAtHeight(tree.value, cutHeight(tree.value, 6))));
	const sil = time(() => silhouettes(X, d, [cut.value], [6], silhouetteRows(n, 0).rows));
	console.log(
		`${n} × ${d}: tree wall ${tree.ms} ms (CPU ${tree.cpuMs} ms); cut ${cut.ms} ms; ` +
			`silhouette wall ${sil.ms} ms (CPU ${sil.cpuMs} ms)`
	);
}
