/**
 * How many links of the header's navigation fit on its one row (issue 13, "priority+" navigation): the rest
 * go under a "More" menu, so the row never wraps and every link stays one Tab or two away. Pure; widths in
 * CSS pixels.
 */

/**
 * The number of leading links drawn in the row: all of them when their `widths` with `gap` between fit in
 * `available`; otherwise as many as fit beside the More button (`more` wide, one `gap` before it). Between
 * 0 and `widths.length`; a width that is not finite counts as too wide.
 */
export function fitCount(widths: readonly number[], available: number, more: number, gap: number): number {
	const total = widths.reduce((s, w, i) => s + w + (i ? gap : 0), 0);
	if (total <= available) return widths.length;
	let used = more;
	for (let i = 0; i < widths.length; i++) {
		used += widths[i] + gap;
		if (!(used <= available)) return i;
	}
	return widths.length;
}
