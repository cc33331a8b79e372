/**
 * "Save as segment" on a funnel kept the name field's old text when the selection changed by any way but a
 * click (the funnel re-run, a result arriving after the click): users dropped before step 2 were saved under
 * the step-3 name. The name now follows the pick and the result that names it; typed text holds only for
 * the pick it was typed for.
 */
import { describe, expect, test } from 'vitest';
import { PickedName } from './picked-name.svelte.ts';
import { partName, type BarPart } from './chart-options.ts';
import type { FunnelResult } from './result.ts';

const funnel = (...events: string[]) => ({ steps: events.map((event) => ({ event })) }) as FunnelResult;

describe('the funnel segment name follows the selection', () => {
	test('the name field kept the old name when the selection changed: it now shows the new part’s name', () => {
		const cleanup = $effect.root(() => {
			let picked = $state<BarPart | null>(null);
			let result = $state(funnel('signup', 'cart', 'purchase'));
			const name = new PickedName(
				() => picked,
				() => (picked ? partName(result, picked) : '')
			);
			expect(name.value).toBe('');

			picked = { step: 2, part: 'converted' };
			expect(name.value).toBe('signup → purchase');
			name.value = 'Buyers';
			expect(name.value).toBe('Buyers');

			// Another part: its own default, not the text typed for step 3.
			picked = { step: 1, part: 'dropped' };
			expect(name.value).toBe('signup, not cart');

			// Back to step 3: the typed name was for that pick only; it is not brought back from elsewhere.
			name.value = 'Lost at cart';
			picked = { step: 2, part: 'converted' };
			expect(name.value).toBe('signup → purchase');

			// Same pick, a result that names it differently (step 3 is now "checkout"): the new default.
			name.value = 'Buyers';
			result = funnel('signup', 'cart', 'checkout');
			expect(name.value).toBe('signup → checkout');

			// Nothing picked (the funnel changed): an empty field.
			picked = null;
			expect(name.value).toBe('');
		});
		cleanup();
	});
});
