/**
 * The demo dataset: a seeded, deterministic simulation of a small web shop's event export (PostHog-like
 * columns). People arrive through acquisition channels, browse anonymously on one or two devices, some sign
 * up or log in, come back with channel-dependent retention, and walk a view → cart → checkout → order funnel.
 * Everything random comes from `Rng`, so the same options always give the same rows.
 */
import { shareDevices, simulatePerson } from './people.ts';
import { DUPLICATE_RATE } from './profiles.ts';
import { Rng } from './rng.ts';
import { DEMO_COLUMNS, DEMO_DEFAULTS } from './schema.ts';
import { buildContext } from './world.ts';
import type { DemoEvent, DemoOptions } from './schema.ts';
import type { Draft, SessionRecord } from './world.ts';

export * from './schema.ts';

function validate(o: Required<DemoOptions>): number {
	if (!Number.isInteger(o.seed)) throw new Error(`seed must be an integer, got ${o.seed}`);
	if (!Number.isInteger(o.users) || o.users < 1)
		throw new Error(`users must be a positive integer, got ${o.users}`);
	if (!Number.isInteger(o.days) || o.days < 1)
		throw new Error(`days must be a positive integer, got ${o.days}`);
	const start = /^\d{4}-\d{2}-\d{2}$/.test(o.start) ? Date.parse(`${o.start}T00:00:00Z`) : NaN;
	if (Number.isNaN(start)) throw new Error(`start must be a date YYYY-MM-DD, got ${o.start}`);
	return start;
}

/**
 * Simulates the shop and returns its export, sorted by time (ties keep simulation order), with about
 * 0.3 % of rows repeated verbatim right after the original.
 */
export function generateDemo(options: DemoOptions = {}): DemoEvent[] {
	const o: Required<DemoOptions> = { ...DEMO_DEFAULTS, ...options };
	const start = validate(o);
	const ctx = buildContext(o.seed, start, o.days);
	const sessions: SessionRecord[] = [];
	for (let i = 0; i < o.users; i++) simulatePerson(ctx, i, sessions);
	shareDevices(ctx, sessions, o.users);

	const drafts: Draft[] = [];
	for (const s of sessions) for (const e of s.events) if (e.ms >= ctx.start && e.ms < ctx.end) drafts.push(e);
	drafts.sort((a, b) => a.ms - b.ms);

	const rng = new Rng(o.seed, 0xd0b1e);
	const out: DemoEvent[] = [];
	for (const d of drafts) {
		const { ms, ...fields } = d;
		const row: DemoEvent = { ...fields, timestamp: new Date(ms).toISOString() };
		out.push(row);
		if (rng.chance(DUPLICATE_RATE)) out.push({ ...row });
	}
	return out;
}

export function csvCell(v: string | number | null, money: boolean): string {
	if (v === null) return '';
	if (typeof v === 'number') return money ? v.toFixed(2) : String(v);
	return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replaceAll('"', '""')}"` : v;
}

export const MONEY = new Set<string>(['price', 'revenue']);

export function csvRow(e: DemoEvent): string {
	return DEMO_COLUMNS.map((c) => csvCell(e[c], MONEY.has(c))).join(',');
}

/** The CSV a line at a time (header first, each line ending in \n), for streaming into a gzip writer. */
export function* csvLines(events: Iterable<DemoEvent>): Generator<string> {
	yield `${DEMO_COLUMNS.join(',')}\n`;
	for (const e of events) yield `${csvRow(e)}\n`;
}

export function toCsv(events: Iterable<DemoEvent>): string {
	return [...csvLines(events)].join('');
}
