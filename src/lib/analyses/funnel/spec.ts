/**
 * The funnel spec (SEMANTICS §3; where it is silent, PostHog's funnels, written down in the README's "What
 * the numbers mean"): its types, defaults and checks, and the result type.
 */
import {
	boolean,
	filterList,
	isObject,
	knownKeys,
	object,
	oneOf,
	show,
	SpecError,
	text,
	textOrNull,
	wholeNumber
} from '../../spec/check.ts';
import type { Period, RowFilter } from '../../spec/types.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type Scope } from '../../spec/scope.ts';
import type { ColumnReference } from '../types.ts';
import type { FunnelResult, FunnelStepResult } from './result.ts';

export type { FunnelResult, FunnelStepResult };

export const DURATION_UNITS = ['second', 'minute', 'hour', 'day', 'week'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A length of time: `value` whole `unit`s (a day is 24 h, a week 7 × 24 h: exact lengths, no calendar). */
export interface Duration {
	value: number;
	unit: DurationUnit;
}

const UNIT_SECONDS: Record<DurationUnit, number> = {
	second: 1,
	minute: 60,
	hour: 3600,
	day: 86_400,
	week: 604_800
};

/** The longest conversion window or per-step window: 365 days (the "seconds to a year"). */
export const MAX_WINDOW_SECONDS = 365 * 86_400;

/** A duration in seconds. */
export function durationSeconds(d: Duration): number {
	return d.value * UNIT_SECONDS[d.unit];
}

export interface FunnelStep {
	/** The event name the step's events have. */
	event: string;
	/** Property filters on the step's events (SEMANTICS §1 row filters), ANDed. */
	where: RowFilter[];
	/** An optional step: later steps count whether or not it happened; its own count is shown apart. */
	optional: boolean;
	/** At most this long after the previous non-optional step's event (null: only the funnel's window). */
	within: Duration | null;
}

/** Users with such an event between two steps of their counted attempt are removed from the funnel. */
export interface FunnelExclusion {
	event: string;
	where: RowFilter[];
	/** Step indexes (0-based, non-optional steps), fromStep < toStep. */
	fromStep: number;
	toStep: number;
}

export type Attribution = 'first_touch' | 'last_touch' | 'all_steps' | { step: number };
export type FunnelOrder = 'sequential' | 'strict' | 'any';

export interface FunnelSpec extends Scope {
	kind: 'funnel';
	steps: FunnelStep[];
	order: FunnelOrder;
	/** Conversion window from the step-1 event, inclusive. */
	window: Duration;
	exclusions: FunnelExclusion[];
	/** A column whose value splits the users (SEMANTICS §3), or null. */
	breakdown: string | null;
	breakdownAttribution: Attribution;
	/** A column every step's event must share with the step-1 event (PostHog's "hold property constant"). */
	hold: string | null;
	/**
	 * Time to convert between two steps (indexes; toStep null: the last non-optional step). `bins` (1-100) is
	 * still read so that saved links open, but no longer used: the histogram has fixed human-sized buckets
	 * (ttc-buckets.ts).
	 */
	timeToConvert: { fromStep: number; toStep: number | null; bins: number };
	/** Calendar period of the step-1 event for the conversion trend. */
	trendPeriod: Period;
	/** Also list every counted user with the step reached (for turning a bar into a segment). */
	perUser: boolean;
}

export type FunnelSpecInput = { kind: 'funnel'; steps: unknown[] } & Partial<
	Omit<FunnelSpec, 'kind' | 'steps'>
>;

/** Breakdown values drawn on their own; the rest are summed as "other" (PostHog shows 25 by default). */
export const FUNNEL_MAX_BREAKDOWNS = 25;

export const FUNNEL_DEFAULTS = {
	order: 'sequential',
	window: { value: 14, unit: 'day' },
	breakdownAttribution: 'first_touch',
	trendPeriod: 'week',
	bins: 10
} as const;

const KEYS = [
	'kind',
	'steps',
	'order',
	'window',
	'exclusions',
	'breakdown',
	'breakdownAttribution',
	'hold',
	'timeToConvert',
	'trendPeriod',
	'perUser',
	...SCOPE_KEYS
] as const;

function duration(x: unknown, path: string): Duration {
	const d = object(x, path, 'a duration { "value", "unit" }');
	knownKeys(d, ['value', 'unit'], path, 'a duration');
	const unit = oneOf(d.unit, DURATION_UNITS, `${path}.unit`);
	const value = wholeNumber(d.value, `${path}.value`, 1, MAX_WINDOW_SECONDS / UNIT_SECONDS[unit]);
	return { value, unit };
}

function step(x: unknown, path: string, i: number): FunnelStep {
	const s =
		typeof x === 'string'
			? { event: x }
			: object(x, path, 'a step { "event", "where", "optional", "within" }');
	knownKeys(s, ['event', 'where', 'optional', 'within'], path, 'a funnel step');
	const optional = s.optional === undefined ? false : boolean(s.optional, `${path}.optional`);
	const within = s.within === undefined || s.within === null ? null : duration(s.within, `${path}.within`);
	if (i === 0 && optional)
		throw new SpecError(`${path}.optional`, `${path}.optional: the first step cannot be optional`);
	if (i === 0 && within)
		throw new SpecError(`${path}.within`, `${path}.within: the first step has no previous step to be within`);
	const where = s.where === undefined || s.where === null ? [] : filterList(s.where, `${path}.where`);
	return { event: text(s.event, `${path}.event`), where, optional, within };
}

function stepIndex(x: unknown, path: string, steps: FunnelStep[]): number {
	const i = wholeNumber(x, path, 0, steps.length - 1);
	if (steps[i].optional)
		throw new SpecError(path, `${path} must name a step that is not optional (step ${i} is)`);
	return i;
}

function attribution(x: unknown, path: string, steps: FunnelStep[]): Attribution {
	if (isObject(x)) {
		knownKeys(x, ['step'], path, 'a breakdown attribution');
		return { step: wholeNumber(x.step, `${path}.step`, 0, steps.length - 1) };
	}
	return oneOf(x, ['first_touch', 'last_touch', 'all_steps'], path);
}

/** Checks a funnel spec at `path` and returns it with every default applied. Throws `SpecError`. */
export function parseFunnel(input: unknown, path = 'analysis'): FunnelSpec {
	const a = object(input, path, 'a funnel spec');
	knownKeys(a, KEYS, path, 'a funnel spec');
	if (a.kind !== 'funnel') throw new SpecError(`${path}.kind`, `${path}.kind must be "funnel"`);
	if (!Array.isArray(a.steps) || a.steps.length < 2)
		throw new SpecError(
			`${path}.steps`,
			`${path}.steps must be a list of at least two steps, got ${show(a.steps)}`
		);
	const steps = a.steps.map((s, i) => step(s, `${path}.steps[${i}]`, i));
	const order =
		a.order === undefined
			? FUNNEL_DEFAULTS.order
			: oneOf(a.order, ['sequential', 'strict', 'any'], `${path}.order`);
	const window =
		a.window === undefined ? { ...FUNNEL_DEFAULTS.window } : duration(a.window, `${path}.window`);
	if (!Array.isArray(a.exclusions ?? []))
		throw new SpecError(`${path}.exclusions`, `${path}.exclusions must be a list, got ${show(a.exclusions)}`);
	const exclusions = ((a.exclusions ?? []) as unknown[]).map((x, i) => {
		const p = `${path}.exclusions[${i}]`;
		const e = object(x, p, 'an exclusion { "event", "where", "fromStep", "toStep" }');
		knownKeys(e, ['event', 'where', 'fromStep', 'toStep'], p, 'an exclusion');
		const fromStep = stepIndex(e.fromStep ?? 0, `${p}.fromStep`, steps);
		const toStep = stepIndex(e.toStep ?? steps.length - 1, `${p}.toStep`, steps);
		if (toStep <= fromStep) throw new SpecError(`${p}.toStep`, `${p}.toStep must be after ${p}.fromStep`);
		const where = e.where === undefined || e.where === null ? [] : filterList(e.where, `${p}.where`);
		return { event: text(e.event, `${p}.event`), where, fromStep, toStep };
	});
	const breakdown = a.breakdown === undefined ? null : textOrNull(a.breakdown, `${path}.breakdown`);
	const breakdownAttribution =
		a.breakdownAttribution === undefined
			? FUNNEL_DEFAULTS.breakdownAttribution
			: attribution(a.breakdownAttribution, `${path}.breakdownAttribution`, steps);
	const hold = a.hold === undefined ? null : textOrNull(a.hold, `${path}.hold`);
	const t =
		a.timeToConvert === undefined || a.timeToConvert === null
			? {}
			: object(
					a.timeToConvert,
					`${path}.timeToConvert`,
					'a time-to-convert { "fromStep", "toStep", "bins" }'
				);
	knownKeys(t, ['fromStep', 'toStep', 'bins'], `${path}.timeToConvert`, 'a time-to-convert');
	const fromStep = stepIndex(t.fromStep ?? 0, `${path}.timeToConvert.fromStep`, steps);
	const toStep =
		t.toStep === undefined || t.toStep === null
			? null
			: stepIndex(t.toStep, `${path}.timeToConvert.toStep`, steps);
	if (toStep !== null && toStep <= fromStep)
		throw new SpecError(
			`${path}.timeToConvert.toStep`,
			`${path}.timeToConvert.toStep must be after its fromStep`
		);
	const bins =
		t.bins === undefined ? FUNNEL_DEFAULTS.bins : wholeNumber(t.bins, `${path}.timeToConvert.bins`, 1, 100);
	const spec: FunnelSpec = {
		kind: 'funnel',
		steps,
		order,
		window,
		exclusions,
		breakdown,
		breakdownAttribution,
		hold,
		timeToConvert: { fromStep, toStep, bins },
		trendPeriod:
			a.trendPeriod === undefined
				? FUNNEL_DEFAULTS.trendPeriod
				: oneOf(a.trendPeriod, ['day', 'week', 'month'], `${path}.trendPeriod`),
		perUser: a.perUser === undefined ? false : boolean(a.perUser, `${path}.perUser`),
		...scopeOf(a, path)
	};
	checkOrder(spec, path);
	return spec;
}

/**
 * Options that have no meaning in every order are refused rather than ignored: in `any` order there is no
 * previous step (per-step windows, optional steps, exclusions between steps, last-touch or per-step values).
 */
function checkOrder(spec: FunnelSpec, path: string): void {
	if (spec.order === 'sequential') return;
	const o = `in "${spec.order}" order`;
	spec.steps.forEach((s, i) => {
		if (s.optional)
			throw new SpecError(
				`${path}.steps[${i}].optional`,
				`${path}.steps[${i}].optional: optional steps are for sequential funnels only (not ${o})`
			);
		if (s.within && spec.order === 'any')
			throw new SpecError(
				`${path}.steps[${i}].within`,
				`${path}.steps[${i}].within: a step has no previous step ${o}`
			);
	});
	if (spec.order !== 'any') return;
	if (spec.exclusions.length)
		throw new SpecError(
			`${path}.exclusions`,
			`${path}.exclusions: exclusions between steps need an order (not ${o})`
		);
	if (spec.breakdownAttribution !== 'first_touch')
		throw new SpecError(
			`${path}.breakdownAttribution`,
			`${path}.breakdownAttribution must be "first_touch" ${o}`
		);
	if (spec.hold)
		throw new SpecError(
			`${path}.hold`,
			`${path}.hold: holding a property constant needs an order (not ${o})`
		);
}

/** The data columns a funnel spec refers to: step and exclusion filters, breakdown, hold. */
export function funnelColumns(spec: FunnelSpec): ColumnReference[] {
	const out: ColumnReference[] = [];
	spec.steps.forEach((s, i) =>
		s.where.forEach((f, j) => out.push({ path: `analysis.steps[${i}].where[${j}].column`, column: f.column }))
	);
	spec.exclusions.forEach((x, i) =>
		x.where.forEach((f, j) =>
			out.push({ path: `analysis.exclusions[${i}].where[${j}].column`, column: f.column })
		)
	);
	if (spec.breakdown) out.push({ path: 'analysis.breakdown', column: spec.breakdown });
	if (spec.hold) out.push({ path: 'analysis.hold', column: spec.hold });
	return [...out, ...scopeColumns(spec, 'analysis')];
}
