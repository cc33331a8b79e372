/** Label layout of the cluster profile heatmap, pure (no DOM): names wrapped at spaces and cut to fit. */

/** A text's width at the chart's 12 px label font, px. */
export type Measure = (text: string) => number;

/**
 * A width estimate for when no real measure is given (tests, the first draw): 7.5 px a character, wider
 * than Chromium's 12 px DejaVu Sans average, so an estimated label never outgrows its room.
 */
export const estimate: Measure = (text) => text.length * 7.5;

const ELLIPSIS = '…';

/** `text` cut at the end, with an ellipsis, to at most `width` px; unchanged when it fits. */
export function cut(text: string, width: number, measure: Measure): string {
	if (measure(text) <= width) return text;
	let n = text.length;
	while (n > 0 && measure(text.slice(0, n).trimEnd() + ELLIPSIS) > width) n--;
	return text.slice(0, n).trimEnd() + ELLIPSIS;
}

/**
 * `text` broken into lines of at most `width` px, at spaces only, never inside a word (ECharts'
 * `overflow: 'break'` splits a word longer than the line: "recen/cy days"). At most `maxLines` lines: the
 * last line kept ends with an ellipsis when text is left over, as does a word wider than the line.
 */
export function wrap(text: string, width: number, maxLines: number, measure: Measure): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const joined = line ? `${line} ${word}` : word;
		if (measure(joined) <= width) line = joined;
		else {
			if (line) lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	const kept = lines.slice(0, Math.max(1, maxLines));
	if (kept.length < lines.length) kept[kept.length - 1] += ` ${ELLIPSIS}`;
	return kept.map((l) => cut(l, width, measure));
}
