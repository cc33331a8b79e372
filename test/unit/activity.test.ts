import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTIVITY, buildActivity } from '../../src/lib/engine/activity.ts';
import { EngineCore } from '../../src/lib/engine/core.ts';
import type { Database } from '../../src/lib/engine/duck.ts';
import { createNodeDuck, nodeSource } from '../../src/lib/engine/node-duck.ts';
import {
	withRetentionDefaults,
	type RetentionResult,
	type RetentionSpecInput
} from '../../src/lib/analyses/retention/spec.ts';
import { validateRunnable } from '../../src/lib/analyses/spec.ts';
import { compileRetention, retentionUsesActivity } from '../../src/lib/analyses/retention/compile.ts';
import { shapeRetention } from '../../src/lib/analyses/retention/shape.ts';

// Figures from test/reference/retention_reference.py (Python over the raw file, no DuckDB).
const retail = JSON.parse(readFileSync('test/fixtures/expected/online-retail.json', 'utf8'));

let duck: Database;
beforeAll(async () => {
	duck = await createNodeDuck();
	const file = 'test/fixtures/specs/online-retail-weekly.json';
	const spec = validateRunnable(JSON.parse(readFileSync(file, 'utf8')));
	const dir = path.dirname(path.resolve(file));
	const { files, ...input } = spec.dataset;
	await new EngineCore(duck).ingest(
		await Promise.all(files.map((f) => nodeSource(path.resolve(dir, f)))),
		input
	);
	await buildActivity(duck);
}, 120_000);

async function run(input: RetentionSpecInput, activity: boolean): Promise<RetentionResult> {
	const spec = withRetentionDefaults(input);
	return shapeRetention(await duck.query(compileRetention(spec, { weekStart: 'monday', activity })), spec);
}

describe('the activity table over Online Retail (Europe/London)', () => {
	test('accounts for every event with a user and a time, once per event and once over all events', async () => {
		const totals = await duck.rows<{ any_event: boolean; events: number; users: number }>(
			`SELECT any_event, sum(n)::BIGINT AS events, count(DISTINCT __ukey)::BIGINT AS users
			 FROM ${ACTIVITY} GROUP BY any_event ORDER BY any_event`
		);
		expect(totals).toEqual([
			{ any_event: false, events: retail.retentionRows, users: retail.retentionUsers },
			{ any_event: true, events: retail.retentionRows, users: retail.retentionUsers }
		]);
	});

	test('monthly and weekly first-time cohorts from it match the independent figures', async () => {
		expect(await run({ kind: 'retention', period: 'month', periods: 13 }, true)).toEqual(retail.monthly);
		expect(await run({ kind: 'retention', period: 'week', periods: 8 }, true)).toEqual(retail.weekly);
	});

	test('every option gives the same result from it as from the events table', async () => {
		let compared = 0;
		let returns = 0;
		for (const type of ['first_time', 'recurring'] as const)
			for (const [period, periods] of [
				['day', 30],
				['week', 12],
				['month', 13]
			] as const)
				for (const mode of ['on', 'on_or_after'] as const)
					for (const window of ['calendar', 'rolling'] as const)
						for (const grouping of [
							{},
							{ breakdown: 'Country' },
							{ breakdown: 'Country', cohortBy: 'property' as const, startEvent: 'event' }
						]) {
							const spec: RetentionSpecInput = {
								kind: 'retention',
								type,
								period,
								periods,
								mode,
								window,
								...grouping
							};
							expect(
								retentionUsesActivity(withRetentionDefaults(spec), { weekStart: 'monday', activity: true })
							).toBe(true);
							const fromEvents = await run(spec, false);
							expect(await run(spec, true), JSON.stringify(spec)).toEqual(fromEvents);
							compared++;
							returns += fromEvents.cohorts.reduce((n, c) => n + (c.values[1] ?? 0), 0);
						}
		expect(compared).toBe(72);
		expect(returns).toBeGreaterThan(10_000);
	});
});
