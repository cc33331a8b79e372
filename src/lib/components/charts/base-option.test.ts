import { describe, expect, it } from 'vitest';
import { ANIMATION_MS, baseOption } from './base-option.ts';

const palette = ['#111111', '#222222'];
const line = {
	xAxis: { type: 'category', data: ['Mon', 'Tue'] },
	yAxis: { type: 'value' },
	series: [{ type: 'line', data: [3, 5] }],
	tooltip: { trigger: 'axis' }
};

describe('baseOption', () => {
	it('a fresh result grows in over ANIMATION_MS, with the palette, font and the analysis option as given', () => {
		const o = baseOption(line, palette, true);
		expect(o.animation).toBeUndefined();
		expect(o.animationDuration).toBe(300);
		expect(ANIMATION_MS).toBe(300);
		expect(o.color).toEqual(['#111111', '#222222']);
		expect(o.textStyle).toEqual({ fontFamily: 'system-ui, sans-serif' });
		expect(o.series).toBe(line.series);
		expect(o.xAxis).toBe(line.xAxis);
	});

	it('a result from the cache is drawn without animation, the rest of the option unchanged', () => {
		const still = baseOption(line, palette, false);
		const moving = baseOption(line, palette, true);
		expect(still.animation).toBe(false);
		const { animation: _a, ...rest } = still;
		const { animation: _b, ...restMoving } = moving;
		expect(rest).toEqual(restMoving);
	});

	it("an option that never animates (heatmap's animation: false) keeps it when a fresh result animates", () => {
		expect(baseOption({ ...line, animation: false }, palette, true).animation).toBe(false);
		expect(baseOption({ ...line, animation: false }, palette, false).animation).toBe(false);
	});

	it('the tooltip is always drawn as rich text on the canvas, never HTML, even when an option asks for HTML', () => {
		const o = baseOption({ ...line, tooltip: { trigger: 'item', renderMode: 'html' } }, palette, true);
		expect(o.tooltip).toEqual({ trigger: 'item', confine: true, renderMode: 'richText' });
		expect(baseOption({ series: [] }, palette, false).tooltip).toEqual({
			confine: true,
			renderMode: 'richText'
		});
	});

	it('an option may let its tooltip leave the chart (confine: false)', () => {
		const o = baseOption({ ...line, tooltip: { confine: false } }, palette, true);
		expect(o.tooltip).toEqual({ confine: false, renderMode: 'richText' });
	});
});
