/**
 * The funnel controls' state as plain data (a draft), the spec it makes and the problems that keep it from
 * running, in the user's words; and the way back from a spec (the page address) to a draft. Pure: the model
 * (FunnelModel.svelte.ts) holds a draft as state and derives the spec through `specOfDraft`.
 * The rules checked here are those of SEMANTICS §3 and `parseFunnel`, said as the screen names things
 * ("step 2", "exclusion 1"), so the user never meets a spec path.
 */
import { runnableRef } from '../../components/pickers/event-ref.ts';
import type { EventRef, Period, RowFilter } from '../../spec/types.ts';
import {
	durationSeconds,
	FUNNEL_DEFAULTS,
	MAX_WINDOW_SECONDS,
	type Attribution,
	type Duration,
	type FunnelOrder,
	type FunnelSpec,
	type FunnelStep
} from './spec.ts';

/** A step as edited: an event with filters (null until picked), optional, and a window from the previous step. */
export interface StepDraft {
	ref: EventRef | null;
	optional: boolean;
	within: Duration | null;
}

/** An exclusion as edited: the event with filters, between two step indexes (0-based). */
export interface ExclusionDraft {
	ref: EventRef | null;
	fromStep: number;
	toStep: number;
}

/** `column`: split by a column's value; `segment`: the workbench's saved segment beside all users (§1b). */
export type BreakdownMode = 'none' | 'column' | 'segment';

/** Every funnel control's value. `attribution` is "first_touch", "last_touch", "all_steps" or "step:i". */
export interface FunnelDraft {
	steps: StepDraft[];
	order: FunnelOrder;
	window: Duration;
	exclusions: ExclusionDraft[];
	breakdownMode: BreakdownMode;
	breakdown: string | null;
	attribution: string;
	hold: string | null;
	ttcFrom: number;
	/** null: the last step that is not optional. */
	ttcTo: number | null;
	trendPeriod: Period;
}

/** A new funnel: two steps to pick, sequential, 14 days, nothing else. */
export function emptyDraft(): FunnelDraft {
	return {
		steps: [newStep(), newStep()],
		order: FUNNEL_DEFAULTS.order,
		window: { ...FUNNEL_DEFAULTS.window },
		exclusions: [],
		breakdownMode: 'none',
		breakdown: null,
		attribution: 'first_touch',
		hold: null,
		ttcFrom: 0,
		ttcTo: null,
		trendPeriod: FUNNEL_DEFAULTS.trendPeriod
	};
}

export function newStep(): StepDraft {
	return { ref: null, optional: false, within: null };
}

/** The attribution a control value names ("step:2" is step index 2). */
export function attributionOf(value: string): Attribution {
	const m = /^step:(\d+)$/.exec(value);
	if (m) return { step: Number(m[1]) };
	return value as 'first_touch' | 'last_touch' | 'all_steps';
}

/** The control value of an attribution. */
export function attributionValue(a: Attribution): string {
	return typeof a === 'object' ? `step:${a.step}` : a;
}

const UNIT_WORDS: Record<Duration['unit'], string> = {
	second: 'second',
	minute: 'minute',
	hour: 'hour',
	day: 'day',
	week: 'week'
};

/** "1 hour", "14 days". */
export function durationText(d: Duration): string {
	return `${d.value} ${UNIT_WORDS[d.unit]}${d.value === 1 ? '' : 's'}`;
}

function windowProblem(d: Duration, what: string): string | null {
	if (!Number.isInteger(d.value) || d.value < 1)
		return `${what} must be a whole number of ${d.unit}s, at least 1.`;
	if (durationSeconds(d) > MAX_WINDOW_SECONDS) return `${what} can be at most 365 days.`;
	return null;
}

/** The event and complete filters of a picked reference, or a problem ("Step 2 needs an event."). */
function eventOf(ref: EventRef | null, what: string): { event: string; where: RowFilter[] } | string {
	const r = runnableRef(ref);
	if (r === undefined) return `Finish the filter of ${what}: pick a property and type a value.`;
	if (!r || r.event === null) return `Pick an event for ${what}.`;
	return { event: r.event, where: r.where ?? [] };
}

/**
 * The spec the draft makes (without the workbench scope), and every problem that keeps it from running,
 * each a sentence for the screen. The spec is null when there is any problem. Nothing is dropped or
 * rounded silently: an option that has no meaning in the chosen order is a problem, not ignored.
 */
export function specOfDraft(d: FunnelDraft): {
	spec: Omit<FunnelSpec, 'dateRange' | 'segment'> | null;
	problems: string[];
} {
	const problems: string[] = [];
	const say = (p: string | null) => p && problems.push(p);
	const n = d.steps.length;
	const stepName = (i: number) => `step ${i + 1}`;
	const steps: FunnelStep[] = d.steps.map((s, i) => {
		const e = eventOf(s.ref, stepName(i));
		if (typeof e === 'string') say(e);
		if (i === 0 && s.optional) say('Step 1 cannot be optional: every funnel starts there.');
		if (s.optional && d.order !== 'sequential')
			say(`Step ${i + 1} is optional, and optional steps only work in sequential order.`);
		if (s.within) {
			if (i === 0) say('Step 1 has no previous step to be within.');
			else if (d.order === 'any')
				say(`Step ${i + 1} has a time limit from the previous step, and in any order there is none.`);
			say(windowProblem(s.within, `The time limit of step ${i + 1}`));
		}
		return {
			event: typeof e === 'string' ? '' : e.event,
			where: typeof e === 'string' ? [] : e.where,
			optional: s.optional,
			within: s.within ? { ...s.within } : null
		};
	});
	if (n < 2) say('A funnel needs at least two steps.');
	if (n > 1 && d.steps.slice(1).every((s) => s.optional))
		say('Every step after step 1 is optional: make at least one of them required.');
	say(windowProblem(d.window, 'The conversion window'));
	const required = (i: number, what: string) =>
		i < 0 || i >= n
			? `${what} names a step the funnel no longer has.`
			: d.steps[i].optional
				? `${what} is step ${i + 1}, which is optional: pick a step every converting user passes.`
				: null;
	const exclusions = d.exclusions.map((x, k) => {
		const name = `exclusion ${k + 1}`;
		const e = eventOf(x.ref, name);
		if (typeof e === 'string') say(e);
		if (d.order === 'any')
			say(`Exclusions need an order: in any order there is no "between" two steps (${name}).`);
		say(required(x.fromStep, `The "from" step of ${name}`));
		say(required(x.toStep, `The "to" step of ${name}`));
		if (x.toStep <= x.fromStep)
			say(
				`In ${name}, the "from" step (step ${x.fromStep + 1}) must come before the "to" step (step ${x.toStep + 1}).`
			);
		return {
			event: typeof e === 'string' ? '' : e.event,
			where: typeof e === 'string' ? [] : e.where,
			fromStep: x.fromStep,
			toStep: x.toStep
		};
	});
	const breakdown = d.breakdownMode === 'column' ? d.breakdown : null;
	if (d.breakdownMode === 'column' && !breakdown) say('Pick a column to break down by.');
	const attribution = breakdown ? attributionOf(d.attribution) : FUNNEL_DEFAULTS.breakdownAttribution;
	if (breakdown && d.order === 'any' && attribution !== 'first_touch')
		say('In any order the breakdown value can only come from step 1.');
	if (breakdown && typeof attribution === 'object' && attribution.step >= n)
		say(`The breakdown value comes from step ${attribution.step + 1}, which the funnel no longer has.`);
	if (d.hold && d.order === 'any')
		say('Holding a property constant needs an order: in any order there is no step to hold it from.');
	say(required(d.ttcFrom, 'The time-to-convert "from" step'));
	if (d.ttcTo !== null) say(required(d.ttcTo, 'The time-to-convert "to" step'));
	if (d.ttcTo !== null && d.ttcTo <= d.ttcFrom)
		say(`Time to convert: step ${d.ttcTo + 1} must come after step ${d.ttcFrom + 1}.`);
	if (problems.length) return { spec: null, problems: [...new Set(problems)] };
	return {
		spec: {
			kind: 'funnel',
			steps,
			order: d.order,
			window: { ...d.window },
			exclusions,
			breakdown,
			breakdownAttribution: attribution,
			hold: d.hold,
			timeToConvert: { fromStep: d.ttcFrom, toStep: d.ttcTo, bins: FUNNEL_DEFAULTS.bins },
			trendPeriod: d.trendPeriod,
			perUser: false
		},
		problems
	};
}

const refOf = (event: string, where: RowFilter[]): EventRef =>
	where.length ? { event, where: where.map((f) => ({ ...f })) } : { event };

/**
 * The draft that makes `spec` again (a parsed spec: the page address's). `compare` says whether the scope's
 * segment is drawn beside all users, which the screen offers as "breakdown by segment".
 */
export function draftOfSpec(spec: FunnelSpec): FunnelDraft {
	return {
		steps: spec.steps.map((s) => ({
			ref: refOf(s.event, s.where),
			optional: s.optional,
			within: s.within ? { ...s.within } : null
		})),
		order: spec.order,
		window: { ...spec.window },
		exclusions: spec.exclusions.map((x) => ({
			ref: refOf(x.event, x.where),
			fromStep: x.fromStep,
			toStep: x.toStep
		})),
		breakdownMode: spec.breakdown ? 'column' : spec.segment?.compare ? 'segment' : 'none',
		breakdown: spec.breakdown,
		attribution: attributionValue(spec.breakdownAttribution),
		hold: spec.hold,
		ttcFrom: spec.timeToConvert.fromStep,
		ttcTo: spec.timeToConvert.toStep,
		trendPeriod: spec.trendPeriod
	};
}

/**
 * The draft after removing step `i`: later step indexes in exclusions, attribution and time to convert
 * shift down; those that pointed at the removed step fall back to their defaults.
 */
export function withoutStep(d: FunnelDraft, i: number): FunnelDraft {
	const shift = (k: number) => (k > i ? k - 1 : k);
	const steps = d.steps.filter((_, j) => j !== i);
	const last = steps.length - 1;
	steps[0] = { ...steps[0], optional: false, within: null };
	const a = attributionOf(d.attribution);
	return {
		...d,
		steps,
		exclusions: d.exclusions.map((x) => ({
			...x,
			fromStep: x.fromStep === i ? Math.max(0, i - 1) : shift(x.fromStep),
			toStep: x.toStep === i ? Math.min(last, i) : shift(x.toStep)
		})),
		attribution:
			typeof a === 'object' ? (a.step === i ? 'first_touch' : `step:${shift(a.step)}`) : d.attribution,
		ttcFrom: d.ttcFrom === i ? 0 : shift(d.ttcFrom),
		ttcTo: d.ttcTo === null || d.ttcTo === i ? null : shift(d.ttcTo)
	};
}
