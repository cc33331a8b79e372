// Shared by the demo generator's tests (demo-rows, demo-behaviour): the full default demo generated once per
// test file, the same rows with repeats removed, and plain readers of them (grouping, SEMANTICS §9 identity,
// rolling retention) that share no code with the engine. Call useDemoEvents() at the top of a test file.
import { beforeAll } from 'vitest';
import { generateDemo, type DemoEvent } from '../../../src/lib/demo/generate.ts';

export const DAY = 86_400_000;
export const WEEK = 7 * DAY;
export const START = Date.parse('2025-08-25T00:00:00Z');
export const END = Date.parse('2025-11-17T00:00:00Z');

export let events: DemoEvent[];
/** The rows with repeats removed (first of each uuid kept). */
export let unique: DemoEvent[];

/** The rows grouped by `key`, each group in row order, groups in order of first appearance. */
export function groupBy<K>(rows: DemoEvent[], key: (e: DemoEvent) => K): Map<K, DemoEvent[]> {
	const out = new Map<K, DemoEvent[]>();
	for (const e of rows) {
		const k = key(e);
		const list = out.get(k);
		if (list) list.push(e);
		else out.set(k, [e]);
	}
	return out;
}

export const time = (e: DemoEvent) => Date.parse(e.timestamp);

/** SEMANTICS §9: a device id maps to the first user id it was seen with; unlinked devices stay themselves. */
export function resolver(rows: DemoEvent[]): (e: DemoEvent) => string {
	const link = new Map<string, string>();
	for (const e of rows) if (e.user_id && !link.has(e.device_id)) link.set(e.device_id, e.user_id);
	return (e) => e.user_id || link.get(e.device_id) || e.device_id;
}

/** Rolling retention: of people first seen at least k+1 weeks before the end, the share active in [k, k+1) weeks. */
export function rollingRetention(
	rows: DemoEvent[],
	k: number,
	filter?: (first: DemoEvent) => boolean
): number {
	const who = resolver(rows);
	let cohort = 0;
	let returned = 0;
	for (const list of groupBy(rows, who).values()) {
		const t0 = time(list[0]);
		if (t0 + (k + 1) * WEEK > END || (filter && !filter(list[0]))) continue;
		cohort++;
		if (list.some((e) => time(e) >= t0 + k * WEEK && time(e) < t0 + (k + 1) * WEEK)) returned++;
	}
	return returned / cohort;
}

/** Generates the demo and its repeat-free rows before this test file's tests. */
export function useDemoEvents(): void {
	beforeAll(() => {
		events = generateDemo();
		const seen = new Set<string>();
		unique = events.filter((e) => !seen.has(e.uuid) && !!seen.add(e.uuid));
	});
}
