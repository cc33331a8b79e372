/**
 * Which data columns a heatmap reads when the spec leaves them null: names common in analytics exports
 * (PostHog's `$pointer_x`, `$viewport_width`, `$current_url`, `$device_type`,
 * `$prev_pageview_max_scroll_percentage`; GA4's `page_location`; plain `x`/`y`). Pure.
 */
import { SpecError } from '../../spec/check.ts';
import type { HeatmapSpec } from './spec.ts';

type Field = 'x' | 'y' | 'viewport' | 'page' | 'device' | 'depth';

/** Candidate names per field, most specific first; matched without regard to case. */
export const COLUMN_GUESSES: Record<Field, readonly string[]> = {
	x: ['$pointer_x', 'pointer_x', 'click_x', 'mouse_x', 'page_x', 'client_x', 'x'],
	y: ['$pointer_y', 'pointer_y', 'click_y', 'mouse_y', 'page_y', 'client_y', 'y'],
	viewport: ['$viewport_width', 'viewport_width', 'viewportwidth', 'window_width', 'inner_width', 'viewport'],
	page: [
		'$current_url',
		'current_url',
		'page_url',
		'url',
		'page_location',
		'$pathname',
		'pathname',
		'page_path',
		'page'
	],
	device: ['$device_type', 'device_type', 'device_class', 'device'],
	depth: [
		'scroll_depth',
		'$prev_pageview_max_scroll_percentage',
		'max_scroll_percentage',
		'scroll_percentage',
		'scroll_percent',
		'percent_scrolled',
		'scroll'
	]
};

/** The column of the data named like one of `field`'s guesses, or null. Canonical `__` columns never match. */
export function guessColumn(field: Field, columns: readonly string[]): string | null {
	const byLower = new Map<string, string>();
	for (const c of columns) if (!c.startsWith('__')) byLower.set(c.toLowerCase(), c);
	for (const name of COLUMN_GUESSES[field]) {
		const hit = byLower.get(name);
		if (hit) return hit;
	}
	return null;
}

/**
 * The spec's column for `field`, or the guessed one. Throws `SpecError` at `analysis.<field>` when the spec
 * names none and no column of the data fits, saying which names were looked for.
 */
export function columnFor(spec: HeatmapSpec, field: Field, columns: readonly string[]): string {
	const column = spec[field] ?? guessColumn(field, columns);
	if (column) return column;
	const looked = COLUMN_GUESSES[field]
		.slice(0, 4)
		.map((n) => `"${n}"`)
		.join(', ');
	throw new SpecError(
		`analysis.${field}`,
		`A ${spec.type} heatmap needs a ${WHAT[field]} column: name it in analysis.${field} (no column of the data is called ${looked} or the like)`
	);
}

const WHAT: Record<Field, string> = {
	x: 'pointer x (pixels)',
	y: 'pointer y (pixels)',
	viewport: 'viewport width (pixels)',
	page: 'page URL',
	device: 'device type',
	depth: 'scroll depth (percent)'
};
