// Funnels as one SQL query (compile.ts, the funnel before issue 14) against the step-event query and the pass
// in JavaScript (pass.ts), side by side on one warm engine, runs alternating:
//   npx tsx test/bench/funnel-pass.ts events.csv [runs] [native]
// First checks that both give the same result (compared as JSON; per-user rows sorted) for each variant, then
// prints per variant the fastest and the median CPU time of this process and wall time, with the load average.
import os from 'node:os';
import { tableFromIPC } from 'apache-arrow';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import { parseFunnel, type FunnelSpecInput } from '../../src/lib/analyses/funnel/spec.ts';
import { compileFunnel } from '../../src/lib/analyses/funnel/compile.ts';
import { shapeFunnel } from '../../src/lib/analyses/funnel/shape.ts';
import { executeFunnel } from '../../src/lib/analyses/funnel/execute.ts';
import { datasetCalendar } from '../../src/lib/spec/defaults.ts';
import type { AnalysisContext } from '../../src/lib/analyses/types.ts';

const [file, runs = '5', engine = 'wasm'] = process.argv.slice(2);
const duck =
	engine === 'native'
		? await (await import('../../src/lib/engine/native-duck.ts')).createNativeDuck()
		: await createNodeDuck();
const core = new EngineCore(duck);
const report = await core.ingest([await nodeSource(file)], {});
const ctx: AnalysisContext = {
	dataset: { ...report.dataset, ...datasetCalendar(report.dataset) },
	columns: new Map(report.columns.map((c) => [c.name, c.type])),
	tables: new Set(),
	firstEventMs: report.firstTime ? Date.parse(report.firstTime) : null,
	lastEventMs: report.lastTime ? Date.parse(report.lastTime) : null
};
const sctx = {
	weekStart: ctx.dataset.weekStart,
	timezone: ctx.dataset.timezone,
	lastEventMs: ctx.lastEventMs,
	columns: [...ctx.columns.keys()]
};
const steps = ['$pageview', 'product_viewed', 'added_to_cart', 'checkout_started', 'order_completed'];
const variants: Record<string, FunnelSpecInput> = {
	'five steps': { kind: 'funnel', steps },
	'two steps': { kind: 'funnel', steps: steps.slice(0, 2) },
	'five steps, breakdown by utm_source': { kind: 'funnel', steps, breakdown: 'utm_source' },
	'five steps, last touch, per user, by day': {
		kind: 'funnel',
		steps,
		breakdown: 'utm_source',
		breakdownAttribution: 'last_touch',
		perUser: true,
		trendPeriod: 'day'
	},
	'repeated step, one-hour window': {
		kind: 'funnel',
		steps: ['product_viewed', 'added_to_cart', 'product_viewed', 'order_completed'],
		window: { value: 1, unit: 'hour' },
		timeToConvert: { fromStep: 1, toStep: 3, bins: 10 }
	},
	// Again last: the first variant measured also pays the warm-up of the pass's code and heap.
	'five steps, again': { kind: 'funnel', steps }
};
const old = async (spec: ReturnType<typeof parseFunnel>) =>
	shapeFunnel(tableFromIPC(await duck.ipc(compileFunnel(spec, sctx))), spec);
const query = { query: async (sql: string) => tableFromIPC(await duck.ipc(sql)), isCancelled: () => false };
const now = (spec: ReturnType<typeof parseFunnel>) => executeFunnel(query, spec, ctx);
const text = (r: Awaited<ReturnType<typeof old>>) =>
	JSON.stringify({ ...r, users: r.users?.toSorted((a, b) => (a.user < b.user ? -1 : 1)) });
const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[xs.length >> 1];
console.log(
	`engine ${engine}; load average before: ${os
		.loadavg()
		.map((x) => x.toFixed(2))
		.join(' ')}`
);
for (const [name, input] of Object.entries(variants)) {
	const spec = parseFunnel(input);
	const same = text(await old(spec)) === text(await now(spec));
	const times: Record<'old' | 'new', { cpu: number[]; wall: number[] }> = {
		old: { cpu: [], wall: [] },
		new: { cpu: [], wall: [] }
	};
	for (let i = 0; i < Number(runs); i++)
		for (const [which, run] of [
			['old', old],
			['new', now]
		] as const) {
			const t = performance.now();
			const c = process.cpuUsage();
			await run(spec);
			const used = process.cpuUsage(c);
			times[which].wall.push(performance.now() - t);
			times[which].cpu.push((used.user + used.system) / 1000);
		}
	const fmt = (xs: number[]) => `${Math.round(Math.min(...xs))} / ${Math.round(median(xs))}`;
	console.log(
		`${name}: same result ${same}; CPU min/median old ${fmt(times.old.cpu)} ms, new ${fmt(times.new.cpu)} ms; wall old ${fmt(times.old.wall)} ms, new ${fmt(times.new.wall)} ms`
	);
}
console.log(
	`load average after: ${os
		.loadavg()
		.map((x) => x.toFixed(2))
		.join(' ')}`
);
