/**
 * The steps a new funnel opens with on a dataset whose event names are `eventNames`. Pure.
 *
 * A shop's purchase funnel when the data has it: the events of `SHOP_FUNNEL` it has, in that order, when at
 * least two of them are there and the last step is a purchase (the demo shop: `$pageview → product_viewed →
 * added_to_cart → order_completed`). Otherwise PostHog's start (a new funnel's first step is `$pageview`,
 * https://posthog.com/docs/product-analytics/funnels) when the data has `$pageview`, with step 2 left to
 * pick; otherwise nothing, and the screen asks for both steps. These are only a start: a funnel the person
 * set, or one the page address or their last visit brings back, is never replaced; preset steps the person
 * left untouched are marked so in the address (`preset=1`) and made again for the next dataset (FunnelModel).
 */
import { newStep, type StepDraft } from './draft.ts';

export const SHOP_FUNNEL = ['$pageview', 'product_viewed', 'added_to_cart', 'order_completed'] as const;

/** Step event names to open with, first step first; a `null` is a step left for the person to pick. */
export function presetSteps(eventNames: readonly string[]): (string | null)[] {
	const names = new Set(eventNames);
	const shop = SHOP_FUNNEL.filter((e) => names.has(e));
	if (shop.length >= 2 && shop.at(-1) === 'order_completed') return shop;
	if (names.has('$pageview')) return ['$pageview', null];
	return [null, null];
}

/** The preset as a runnable spec input when every step of it is named (the demo's prepared results), else null. */
export function presetFunnel(eventNames: readonly string[]): { kind: 'funnel'; steps: string[] } | null {
	const steps = presetSteps(eventNames);
	return steps.every((s) => s !== null) ? { kind: 'funnel', steps: steps as string[] } : null;
}

/** The preset's steps as the controls hold them (draft.ts `StepDraft`): an event with no filter, or none. */
export function presetDraftSteps(eventNames: readonly string[]): StepDraft[] {
	return presetSteps(eventNames).map((event) => ({
		...newStep(),
		ref: event === null ? null : { event }
	}));
}
