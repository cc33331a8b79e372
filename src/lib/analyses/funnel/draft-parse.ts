/**
 * A funnel draft (draft.ts) as the page address carries it while the controls make no spec yet (url-state.ts
 * `readUrlDraft`). The address is untrusted input (anyone can send a link), so every field is checked for the
 * shape the controls hold, and a draft with anything else is ignored as if absent. A draft may be unfinished
 * (a step not picked, a filter half typed, a window of 0): `specOfDraft` says what is missing, as on screen.
 * Pure.
 */
import {
	boolean,
	FILTER_OPS,
	isScalar,
	knownKeys,
	object,
	oneOf,
	SpecError,
	text,
	textOrNull,
	wholeNumber
} from '../../spec/check.ts';
import type { EventRef, RowFilter } from '../../spec/types.ts';
import type { BreakdownMode, ExclusionDraft, FunnelDraft, StepDraft } from './draft.ts';
import { DURATION_UNITS, type Duration } from './spec.ts';

const KEYS = [
	'steps',
	'order',
	'window',
	'exclusions',
	'breakdownMode',
	'breakdown',
	'attribution',
	'hold',
	'ttcFrom',
	'ttcTo',
	'trendPeriod'
] as const;
const ATTRIBUTION = /^(first_touch|last_touch|all_steps|step:\d{1,3})$/;

function fail(path: string): never {
	throw new SpecError(path, `${path} is not a funnel control's value`);
}

/** A duration as typed: a known unit and any finite number (a 0 or 1.5 is a problem `specOfDraft` names). */
function duration(x: unknown, path: string): Duration {
	const d = object(x, path, 'a duration');
	knownKeys(d, ['value', 'unit'], path, 'a duration');
	if (typeof d.value !== 'number' || !Number.isFinite(d.value)) fail(`${path}.value`);
	return { value: d.value, unit: oneOf(d.unit, DURATION_UNITS, `${path}.unit`) };
}

/** A filter row as the picker holds it: its column may still be empty and its value unset or empty. */
function filter(x: unknown, path: string): RowFilter {
	const f = object(x, path, 'a filter');
	knownKeys(f, ['column', 'op', 'value'], path, 'a filter');
	const out: RowFilter = {
		column: text(f.column, `${path}.column`, { empty: true }),
		op: oneOf(f.op, FILTER_OPS, `${path}.op`)
	};
	if (f.value === undefined) return out;
	if (!(isScalar(f.value) || (Array.isArray(f.value) && f.value.every(isScalar)))) fail(`${path}.value`);
	return { ...out, value: Array.isArray(f.value) ? [...f.value] : f.value };
}

function ref(x: unknown, path: string): EventRef | null {
	if (x === null) return null;
	const r = object(x, path, 'an event reference');
	knownKeys(r, ['event', 'where'], path, 'an event reference');
	const event = r.event === null ? null : text(r.event, `${path}.event`);
	if (r.where === undefined) return { event };
	if (!Array.isArray(r.where)) fail(`${path}.where`);
	return { event, where: r.where.map((f, i) => filter(f, `${path}.where[${i}]`)) };
}

function list(x: unknown, path: string): unknown[] {
	return Array.isArray(x) ? x : fail(path);
}

/** The draft `raw` holds, checked field by field; null when any field is missing or not a control's value. */
export function parseFunnelDraft(raw: unknown): FunnelDraft | null {
	try {
		const d = object(raw, 'draft', 'a funnel draft');
		knownKeys(d, KEYS, 'draft', 'a funnel draft');
		const steps = list(d.steps, 'draft.steps').map((x, i): StepDraft => {
			const p = `draft.steps[${i}]`;
			const s = object(x, p, 'a step');
			knownKeys(s, ['ref', 'optional', 'within'], p, 'a step');
			return {
				ref: ref(s.ref, `${p}.ref`),
				optional: boolean(s.optional, `${p}.optional`),
				within: s.within === null ? null : duration(s.within, `${p}.within`)
			};
		});
		if (steps.length === 0) fail('draft.steps');
		const last = steps.length - 1;
		const exclusions = list(d.exclusions, 'draft.exclusions').map((x, k): ExclusionDraft => {
			const p = `draft.exclusions[${k}]`;
			const e = object(x, p, 'an exclusion');
			knownKeys(e, ['ref', 'fromStep', 'toStep'], p, 'an exclusion');
			return {
				ref: ref(e.ref, `${p}.ref`),
				fromStep: wholeNumber(e.fromStep, `${p}.fromStep`, 0, last),
				toStep: wholeNumber(e.toStep, `${p}.toStep`, 0, last)
			};
		});
		if (typeof d.attribution !== 'string' || !ATTRIBUTION.test(d.attribution)) fail('draft.attribution');
		return {
			steps,
			order: oneOf(d.order, ['sequential', 'strict', 'any'], 'draft.order'),
			window: duration(d.window, 'draft.window'),
			exclusions,
			breakdownMode: oneOf<BreakdownMode>(
				d.breakdownMode,
				['none', 'column', 'segment'],
				'draft.breakdownMode'
			),
			breakdown: textOrNull(d.breakdown, 'draft.breakdown'),
			attribution: d.attribution,
			hold: textOrNull(d.hold, 'draft.hold'),
			ttcFrom: wholeNumber(d.ttcFrom, 'draft.ttcFrom', 0, last),
			ttcTo: d.ttcTo === null ? null : wholeNumber(d.ttcTo, 'draft.ttcTo', 0, last),
			trendPeriod: oneOf(d.trendPeriod, ['day', 'week', 'month'], 'draft.trendPeriod')
		};
	} catch (e) {
		if (e instanceof SpecError) return null;
		throw e;
	}
}
