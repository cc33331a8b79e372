/** The steps a new funnel opens with (preset.ts), on the demo's own event names and on other data's. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { presetDraftSteps, presetFunnel, presetSteps } from './preset.ts';
import { specOfDraft, emptyDraft } from './draft.ts';
import { parseAnalysis } from '../spec.ts';

/** The demo's event names as its prepared report lists them (computed from its CSV: demo-prepared.test.ts). */
const demoNames: string[] = JSON.parse(readFileSync('static/data/demo-shop.prepared.json', 'utf8')).report
	.eventNames;

describe('a new funnel', () => {
	test("on the demo: the shop's purchase funnel, and the spec the controls make from it is the prepared one", () => {
		expect(demoNames).toContain('checkout_started');
		expect(presetSteps(demoNames)).toEqual([
			'$pageview',
			'product_viewed',
			'added_to_cart',
			'order_completed'
		]);
		const built = specOfDraft({ ...emptyDraft(), steps: presetDraftSteps(demoNames) });
		expect(built.problems).toEqual([]);
		// The screen's spec (with the default scope) hits the prepared result's cache key: the same parsed spec.
		const screen = parseAnalysis({ ...built.spec!, dateRange: null, segment: null });
		expect(screen).toEqual(parseAnalysis(presetFunnel(demoNames)!));
	});

	test("PostHog's start on web data without a purchase: $pageview, then a step to pick", () => {
		const names = ['$pageview', '$pageleave', 'product_viewed', 'signed_up'];
		expect(presetSteps(names)).toEqual(['$pageview', null]);
		expect(presetFunnel(names)).toBeNull();
		expect(specOfDraft({ ...emptyDraft(), steps: presetDraftSteps(names) }).problems).toEqual([
			'Pick an event for step 2.'
		]);
	});

	test('data with neither (one purchase event, as Online Retail): both steps to pick', () => {
		expect(presetSteps(['purchase'])).toEqual([null, null]);
		expect(presetFunnel(['purchase'])).toBeNull();
		expect(presetSteps([])).toEqual([null, null]);
	});

	test('a shop without page views: its purchase steps it has, in order', () => {
		expect(presetSteps(['order_completed', 'added_to_cart', 'search'])).toEqual([
			'added_to_cart',
			'order_completed'
		]);
	});
});
