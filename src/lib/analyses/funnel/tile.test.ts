import { describe, expect, test } from 'vitest';
import { tile, tileAxisLabel, TILE_CHART_PX, TILE_GRID } from './tile.ts';
import type { FunnelResult, FunnelStepResult } from './result.ts';

/** A funnel of `names`, 100 users entering and 20 fewer at each step. */
function funnel(names: string[]): FunnelResult {
	const steps: FunnelStepResult[] = names.map((event, i) => ({
		event,
		optional: false,
		users: 100 - 20 * i,
		conversionFromStart: (100 - 20 * i) / 100,
		conversionFromPrevious: i === 0 ? 1 : (100 - 20 * i) / (120 - 20 * i),
		dropped: i === 0 ? 0 : 20,
		medianSecondsFromPrevious: null
	}));
	return { steps } as unknown as FunnelResult;
}

type Axis = { data: string[]; axisLabel: ReturnType<typeof tileAxisLabel> };

describe('the funnel tile', () => {
	test('long step names (the fault: they overlapped on the axis) are each cut to their own slot, one line', () => {
		const names = [
			'product_list_viewed',
			'product_details_viewed',
			'added_to_cart_from_search',
			'checkout_started',
			'payment_info_entered'
		];
		const { option, headline } = tile(funnel(names));
		const axis = option!.xAxis as Axis;
		const plot = TILE_CHART_PX - TILE_GRID.left - TILE_GRID.right;
		expect(axis.axisLabel).toMatchObject({ interval: 0, rotate: 0, overflow: 'truncate', ellipsis: '…' });
		// The slots laid side by side fit the plot, with a gap between neighbours.
		expect(axis.axisLabel.width * names.length).toBeLessThan(plot);
		expect(axis.axisLabel.width).toBe(Math.floor(plot / names.length) - 6);
		// Every step is still named, in order; the full name is what the tooltip shows.
		expect(axis.data).toEqual(names.map((n, i) => `${i + 1}. ${n}`));
		expect(option!.grid).toEqual(TILE_GRID);
		expect(option!.legend).toMatchObject({ top: 0, data: ['converted', 'dropped'] });
		expect(headline).toBe('20.0% of 100 users convert');
	});

	test('fewer steps get wider slots; even twenty keep a readable minimum', () => {
		expect(tileAxisLabel(2).width).toBeGreaterThan(tileAxisLabel(5).width);
		expect(tileAxisLabel(2).width).toBe(Math.floor((TILE_CHART_PX - 56) / 2) - 6);
		expect(tileAxisLabel(60).width).toBe(12);
	});
});
