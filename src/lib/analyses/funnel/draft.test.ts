/**
 * The funnel controls' draft → spec (every option lands in the spec exactly, a bad combination gives its
 * sentence and no spec), and spec → draft → spec round trips through the registry's parser (the page
 * address restores the controls).
 */
import { describe, expect, it } from 'vitest';
import { draftOfSpec, emptyDraft, specOfDraft, withoutStep, type FunnelDraft } from './draft.ts';
import { parseFunnel } from './spec.ts';

const ref = (event: string, where: { column: string; op: '='; value: string }[] = []) =>
	where.length ? { event, where } : { event };

/** A draft with every option set away from its default. */
function full(): FunnelDraft {
	return {
		...emptyDraft(),
		steps: [
			{
				ref: ref('product_viewed', [{ column: 'category', op: '=', value: 'knitwear' }]),
				optional: false,
				within: null
			},
			{ ref: ref('search'), optional: true, within: null },
			{ ref: ref('added_to_cart'), optional: false, within: { value: 2, unit: 'hour' } },
			{ ref: ref('added_to_cart'), optional: false, within: null },
			{ ref: ref('order_completed'), optional: false, within: { value: 3, unit: 'day' } }
		],
		order: 'sequential',
		window: { value: 21, unit: 'day' },
		exclusions: [
			{
				ref: ref('$pageleave', [{ column: 'device_type', op: '=', value: 'mobile' }]),
				fromStep: 2,
				toStep: 4
			}
		],
		breakdownMode: 'column',
		breakdown: 'utm_source',
		attribution: 'step:3',
		hold: 'product_id',
		ttcFrom: 2,
		ttcTo: 4,
		trendPeriod: 'month'
	};
}

describe('funnel controls → spec', () => {
	it('puts every option into the spec exactly, and the parser accepts it unchanged', () => {
		const { spec, problems } = specOfDraft(full());
		expect(problems).toEqual([]);
		expect(spec).toEqual({
			kind: 'funnel',
			steps: [
				{
					event: 'product_viewed',
					where: [{ column: 'category', op: '=', value: 'knitwear' }],
					optional: false,
					within: null
				},
				{ event: 'search', where: [], optional: true, within: null },
				{ event: 'added_to_cart', where: [], optional: false, within: { value: 2, unit: 'hour' } },
				{ event: 'added_to_cart', where: [], optional: false, within: null },
				{ event: 'order_completed', where: [], optional: false, within: { value: 3, unit: 'day' } }
			],
			order: 'sequential',
			window: { value: 21, unit: 'day' },
			exclusions: [
				{
					event: '$pageleave',
					where: [{ column: 'device_type', op: '=', value: 'mobile' }],
					fromStep: 2,
					toStep: 4
				}
			],
			breakdown: 'utm_source',
			breakdownAttribution: { step: 3 },
			hold: 'product_id',
			timeToConvert: { fromStep: 2, toStep: 4, bins: 10 },
			trendPeriod: 'month',
			perUser: false
		});
		expect(parseFunnel(spec)).toEqual({ ...spec, dateRange: null, segment: null });
	});

	it.each(['first_touch', 'last_touch', 'all_steps'] as const)('takes attribution %s as is', (a) => {
		expect(specOfDraft({ ...full(), attribution: a }).spec?.breakdownAttribution).toBe(a);
	});

	it('has no breakdown, and first-touch attribution, unless a column is chosen', () => {
		const none = specOfDraft({ ...full(), breakdownMode: 'none' }).spec!;
		expect([none.breakdown, none.breakdownAttribution]).toEqual([null, 'first_touch']);
		const seg = specOfDraft({ ...full(), breakdownMode: 'segment' }).spec!;
		expect(seg.breakdown).toBe(null);
		expect(specOfDraft({ ...full(), breakdown: null }).problems).toEqual(['Pick a column to break down by.']);
	});

	it.each(['strict', 'any'] as const)('takes order %s when nothing conflicts with it', (order) => {
		const d: FunnelDraft = {
			...emptyDraft(),
			order,
			steps: [
				{ ref: ref('a'), optional: false, within: null },
				{ ref: ref('b'), optional: false, within: null }
			]
		};
		expect(specOfDraft(d).spec?.order).toBe(order);
	});
});

describe('funnel controls: what keeps a funnel from running, in the user words', () => {
	const cases: [string, (d: FunnelDraft) => void, string][] = [
		[
			'exclusion from after to',
			(d) => (d.exclusions[0] = { ...d.exclusions[0], fromStep: 4, toStep: 2 }),
			'In exclusion 1, the "from" step (step 5) must come before the "to" step (step 3).'
		],
		[
			'exclusion at an optional step',
			(d) => (d.exclusions[0].fromStep = 1),
			'The "from" step of exclusion 1 is step 2, which is optional: pick a step every converting user passes.'
		],
		['exclusion without event', (d) => (d.exclusions[0].ref = null), 'Pick an event for exclusion 1.'],
		['step without event', (d) => (d.steps[3].ref = null), 'Pick an event for step 4.'],
		[
			'half-typed filter',
			(d) =>
				(d.steps[0].ref = { event: 'product_viewed', where: [{ column: 'category', op: '=', value: '' }] }),
			'Finish the filter of step 1: pick a property and type a value.'
		],
		[
			'optional in strict order',
			(d) => ((d.order = 'strict'), (d.exclusions = [])),
			'Step 2 is optional, and optional steps only work in sequential order.'
		],
		[
			'time limit in any order',
			(d) => (
				(d.order = 'any'),
				(d.steps[1].optional = false),
				(d.steps[4].within = null),
				(d.exclusions = []),
				(d.hold = null),
				(d.attribution = 'first_touch')
			),
			'Step 3 has a time limit from the previous step, and in any order there is none.'
		],
		[
			'exclusion in any order',
			(d) => (
				(d.order = 'any'),
				d.steps.forEach((s) => ((s.optional = false), (s.within = null))),
				(d.hold = null),
				(d.attribution = 'first_touch')
			),
			'Exclusions need an order: in any order there is no "between" two steps (exclusion 1).'
		],
		[
			'hold in any order',
			(d) => (
				(d.order = 'any'),
				d.steps.forEach((s) => ((s.optional = false), (s.within = null))),
				(d.exclusions = []),
				(d.attribution = 'first_touch')
			),
			'Holding a property constant needs an order: in any order there is no step to hold it from.'
		],
		[
			'last touch in any order',
			(d) => (
				(d.order = 'any'),
				d.steps.forEach((s) => ((s.optional = false), (s.within = null))),
				(d.exclusions = []),
				(d.hold = null),
				(d.attribution = 'last_touch')
			),
			'In any order the breakdown value can only come from step 1.'
		],
		[
			'window of 0',
			(d) => (d.window = { value: 0, unit: 'day' }),
			'The conversion window must be a whole number of days, at least 1.'
		],
		[
			'window of 1.5 hours',
			(d) => (d.window = { value: 1.5, unit: 'hour' }),
			'The conversion window must be a whole number of hours, at least 1.'
		],
		[
			'window over a year',
			(d) => (d.window = { value: 53, unit: 'week' }),
			'The conversion window can be at most 365 days.'
		],
		[
			'step window empty',
			(d) => (d.steps[2].within = { value: null as unknown as number, unit: 'hour' }),
			'The time limit of step 3 must be a whole number of hours, at least 1.'
		],
		[
			'first step optional',
			(d) => (d.steps[0].optional = true),
			'Step 1 cannot be optional: every funnel starts there.'
		],
		[
			'every later step optional',
			(d) => (
				(d.steps = d.steps.slice(0, 2)),
				(d.exclusions = []),
				(d.attribution = 'first_touch'),
				(d.ttcFrom = 0),
				(d.ttcTo = null)
			),
			'Every step after step 1 is optional: make at least one of them required.'
		],
		[
			'time to convert backwards',
			(d) => ((d.ttcFrom = 3), (d.ttcTo = 2)),
			'Time to convert: step 3 must come after step 4.'
		]
	];
	it.each(cases)('%s', (_, change, message) => {
		const d = full();
		change(d);
		const { spec, problems } = specOfDraft(d);
		expect(spec).toBe(null);
		expect(problems).toEqual([message]);
	});
});

describe('funnel controls restored from a spec', () => {
	it('round-trips every option: spec → controls → the same spec', () => {
		const spec = parseFunnel(specOfDraft(full()).spec);
		expect(specOfDraft(draftOfSpec(spec)).spec).toEqual(specOfDraft(full()).spec);
		expect(draftOfSpec(spec)).toEqual(full());
	});

	it('round-trips a minimal address spec with defaults, in strict and any order', () => {
		for (const order of ['strict', 'any'] as const) {
			const spec = parseFunnel({
				kind: 'funnel',
				steps: ['a', { event: 'b', where: [{ column: 'x', op: '>', value: 3 }] }],
				order
			});
			const { spec: back } = specOfDraft(draftOfSpec(spec));
			expect(parseFunnel(back)).toEqual(spec);
		}
	});

	it('restores a segment compare as breakdown by segment', () => {
		const spec = parseFunnel({
			kind: 'funnel',
			steps: ['a', 'b'],
			segment: { users: ['u1'], compare: true }
		});
		expect(draftOfSpec(spec).breakdownMode).toBe('segment');
	});
});

describe('removing a step', () => {
	it('shifts the step numbers of exclusions, attribution and time to convert', () => {
		const d = withoutStep(full(), 1);
		expect(d.steps.map((s) => s.ref?.event)).toEqual([
			'product_viewed',
			'added_to_cart',
			'added_to_cart',
			'order_completed'
		]);
		expect(d.exclusions[0]).toMatchObject({ fromStep: 1, toStep: 3 });
		expect([d.attribution, d.ttcFrom, d.ttcTo]).toEqual(['step:2', 1, 3]);
		expect(specOfDraft(d).problems).toEqual([]);
	});
});
