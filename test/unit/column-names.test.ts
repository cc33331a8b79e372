import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck } from '../../src/lib/engine/node-duck.ts';
import type { EngineCore } from '../../src/lib/engine/core.ts';
import { loadCsv } from './support/load-csv.ts';

// A user's column may carry any name, including the short names the compiled SQL gives its own columns
// (`day`, `off`, `n`, `users`, …). Such a column once broke retention, stickiness and lifecycle with
// "Binder Error: column __local must appear in the GROUP BY clause": the activity table grouped by the
// alias `day`, which DuckDB bound to the user's column. Unused columns must change no number.
const SHADOWS = [
	'day',
	'off',
	'n',
	'first_t',
	'last_t',
	'weekday',
	'hour',
	'period',
	'cohort',
	'step',
	'users',
	'events',
	'value',
	'k',
	'ts',
	't',
	'u',
	'total',
	'bucket',
	'rn',
	'date',
	'week',
	'month',
	'first',
	'last',
	'score',
	'path',
	'node',
	'level'
];

const SPECS = [
	{ kind: 'trend' },
	{ kind: 'trend', breakdown: 'country' },
	{ kind: 'retention' },
	{ kind: 'retention', breakdown: 'country' },
	{ kind: 'stickiness' },
	{ kind: 'lifecycle' },
	{ kind: 'kpi', series: [{ metric: 'active_users' }] },
	{ kind: 'engagement', weights: [{ event: 'order_completed', weight: 10 }] },
	{ kind: 'rfm', monetary: 'revenue' },
	{ kind: 'heatmap', type: 'activity' },
	{ kind: 'paths' },
	{ kind: 'funnel', steps: [{ event: '$pageview' }, { event: 'product_viewed' }, { event: 'added_to_cart' }] }
];

const INPUT = {
	columns: { user: 'user_id', time: 'timestamp', event: 'event', id: 'uuid' },
	timezone: 'Europe/London'
};

let plainDuck: Database;
let shadowDuck: Database;
let plain: EngineCore;
let shadowed: EngineCore;

beforeAll(async () => {
	const lines = gunzipSync(readFileSync('static/data/demo-shop.csv.gz'))
		.toString()
		.split('\n')
		.slice(0, 8001)
		.filter(Boolean);
	const extra = (i: number) => SHADOWS.map((name) => (i === 0 ? name : `x${i % 3}`)).join(',');
	plainDuck = await createNodeDuck();
	shadowDuck = await createNodeDuck();
	plain = await loadCsv(plainDuck, lines.join('\n') + '\n', INPUT);
	shadowed = await loadCsv(shadowDuck, lines.map((l, i) => `${l},${extra(i)}`).join('\n') + '\n', INPUT);
}, 300_000);

describe('columns named like the SQL’s own aliases', () => {
	test('the shadow columns are in the data', () => {
		expect(shadowed.report?.columns.map((c) => c.name)).toEqual(expect.arrayContaining(SHADOWS));
	});

	test.each(SPECS.map((s) => [JSON.stringify(s), s] as const))(
		'%s gives the same result',
		async (_, spec) => {
			const expected = await plain.result(spec as never);
			expect(await shadowed.result(spec as never)).toEqual(expected);
		}
	);
});
