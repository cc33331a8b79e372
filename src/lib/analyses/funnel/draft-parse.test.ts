/** A half-built funnel through the page address and back (draft-parse.ts, url-state.ts), and what is refused. */
import { describe, expect, test } from 'vitest';
import { emptyDraft, specOfDraft, type FunnelDraft } from './draft.ts';
import { parseFunnelDraft } from './draft-parse.ts';
import { MAX_URL_SPEC, openingDraft, readUrlDraft, writeUrlDraft } from '../url-state.ts';

/** Step 1 picked with a filter still being typed, step 2 not picked, a window emptied to 0, an exclusion. */
const half: FunnelDraft = {
	...emptyDraft(),
	steps: [
		{
			ref: { event: 'view', where: [{ column: 'plan', op: '=', value: '' }] },
			optional: false,
			within: null
		},
		{ ref: null, optional: false, within: { value: 2, unit: 'hour' } },
		{ ref: { event: 'buy' }, optional: true, within: null }
	],
	window: { value: 0, unit: 'day' },
	exclusions: [{ ref: null, fromStep: 0, toStep: 1 }],
	breakdownMode: 'column',
	attribution: 'step:1',
	ttcTo: 2
};

describe('a half-built funnel in the address', () => {
	test('comes back exactly, with the same problems said', () => {
		const search = writeUrlDraft('?spec=x&demo=0', { draft: half, preset: false });
		const read = readUrlDraft(search);
		expect(new URLSearchParams(search).get('demo')).toBe('0');
		expect(read.preset).toBe(false);
		const back = parseFunnelDraft(read.draft);
		expect(back).toEqual(half);
		const problems = specOfDraft(back!).problems;
		expect(problems).toContain('Pick an event for step 2.');
		expect(problems).toContain('Finish the filter of step 1: pick a property and type a value.');
		expect(problems).toContain('The conversion window must be a whole number of days, at least 1.');
		expect(problems).toEqual(specOfDraft(half).problems);
	});

	test('no draft and no preset leave no parameter; the preset is marked', () => {
		expect(writeUrlDraft('?draft=%7B%7D&preset=1', { draft: null, preset: false })).toBe('?');
		const marked = writeUrlDraft('?spec=s', { draft: null, preset: true });
		expect(readUrlDraft(marked)).toEqual({ draft: null, preset: true });
	});

	test("the address's own settings win over the last visit's; a bare address takes the last visit's", () => {
		const last = writeUrlDraft('', { draft: half, preset: true });
		expect(openingDraft('?spec=%7B%7D', last)).toEqual({ draft: null, preset: false });
		expect(openingDraft('', last).preset).toBe(true);
		expect(parseFunnelDraft(openingDraft('?demo=0', last).draft)).toEqual(half);
		expect(openingDraft('', null)).toEqual({ draft: null, preset: false });
	});

	test('anything but a draft the controls could hold is ignored as absent', () => {
		const bad: unknown[] = [
			null,
			'view',
			[half],
			{ ...half, steps: [] },
			{ ...half, extra: 1 },
			{ ...half, order: 'random' },
			{ ...half, window: { value: '14', unit: 'day' } },
			{ ...half, window: { value: 14, unit: 'year' } },
			{ ...half, attribution: 'step:one' },
			{ ...half, ttcFrom: 3 },
			{ ...half, exclusions: [{ ref: null, fromStep: 0, toStep: 9 }] },
			{
				...half,
				steps: [
					{ ref: { event: 'view', where: [{ column: 'plan', op: 'LIKE' }] }, optional: false, within: null }
				]
			},
			{
				...half,
				steps: [
					{
						ref: { event: 'view', where: [{ column: 'plan', op: '=', value: { a: 1 } }] },
						optional: false,
						within: null
					}
				]
			},
			{ ...half, steps: [{ ref: { event: 7 }, optional: false, within: null }] },
			{ ...half, steps: [{ ref: null, optional: 'no', within: null }] },
			JSON.parse('{"__proto__": {"steps": []}}')
		];
		for (const raw of bad) expect(parseFunnelDraft(raw), JSON.stringify(raw)).toBeNull();
		const long = writeUrlDraft('', { draft: { steps: 'x'.repeat(MAX_URL_SPEC) }, preset: false });
		expect(readUrlDraft(long).draft).toBeNull();
		expect(readUrlDraft('?draft=%7Bnot%20json').draft).toBeNull();
	});
});
