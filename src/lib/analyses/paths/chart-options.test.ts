/** The paths Sankey and table built from a hand-made result. */
import { describe, expect, it } from 'vitest';
import { hoverText, nameColours, pathsOption, pathsTable, stepLabel } from './chart-options.ts';
import { parseRuleLines } from './PathsModel.svelte.ts';
import type { PathsResult } from './spec.ts';

const result: PathsResult = {
	direction: 'backward',
	anchor: 'buy',
	depth: 3,
	paths: 10,
	users: 7,
	nodes: [
		{ id: '0:buy', step: 0, name: 'buy', users: 7, events: 10 },
		{ id: '-1:cart', step: -1, name: 'cart', users: 5, events: 6 },
		{ id: '-1/other', step: -1, name: 'other', other: true, users: 3, events: 3 },
		{ id: '-2:view', step: -2, name: 'view', users: 4, events: 5 }
	],
	links: [
		{ source: '-1:cart', target: '0:buy', users: 5, events: 6 },
		{ source: '-1/other', target: '0:buy', users: 3, events: 3 },
		{ source: '-2:view', target: '-1:cart', users: 4, events: 5 }
	]
};

type Series = {
	data: { id: string; label: string; depth: number; value: number; itemStyle: { color: string } }[];
	links: unknown[];
};

describe('paths chart options', () => {
	it('puts a backward path in time order, the end event in the last column, other in grey', () => {
		const s = (pathsOption(result, ['#111', '#222']).series as Series[])[0];
		const depth = Object.fromEntries(s.data.map((d) => [d.id, d.depth]));
		expect(depth).toEqual({ '0:buy': 2, '-1:cart': 1, '-1/other': 1, '-2:view': 0 });
		expect(s.data.find((d) => d.id === '-1/other')!.itemStyle.color).toBe('#b8bec6');
		expect(s.data.map((d) => d.label)).toEqual(['buy', 'cart', 'other', 'view']);
		expect(s.links).toEqual([
			{ source: '-1:cart', target: '0:buy', value: 6 },
			{ source: '-1/other', target: '0:buy', value: 3 },
			{ source: '-2:view', target: '-1:cart', value: 5 }
		]);
	});

	it('shows users and paths on hover, for nodes and links', () => {
		const names = new Map(result.nodes.map((n) => [n.id, n]));
		expect(hoverText(result.nodes[1], names)).toBe('cart (1 before)\n5 users · 6 paths');
		expect(hoverText(result.links[2], names)).toBe('view → cart\n4 users · 5 paths');
		const tip = (pathsOption(result, ['#111']).tooltip as { formatter: (p: unknown) => string }).formatter;
		expect(tip({ dataType: 'edge', data: { source: '-1:cart', target: '0:buy' } })).toBe(
			'cart → buy\n5 users · 6 paths'
		);
		// The end event of a backward path is its end, not its start.
		expect(tip({ dataType: 'node', data: { id: '0:buy' } })).toBe('buy (end)\n7 users · 10 paths');
		expect(stepLabel(2)).toBe('step 2');
		expect(stepLabel(0)).toBe('start');
		expect(stepLabel(0, 'backward')).toBe('end');
		expect(stepLabel(-2, 'backward')).toBe('2 before');
	});

	it('keeps the colour of a name from one result to the next; names of one chart differ', () => {
		const palette = ['#a', '#b', '#c', '#d'];
		const known = ['view', 'cart', 'buy', 'help', 'search'];
		// A known name takes the slot of its place in the dataset's list, whatever else the chart holds.
		expect([...nameColours(['buy', 'view'], palette, known)]).toEqual([
			['buy', '#c'],
			['view', '#a']
		]);
		expect(nameColours(['help', 'cart', 'search'], palette, known).get('search')).toBe('#a');
		// Other names (URLs) by their hash, skipping the slots of this chart's known names.
		const alone = (n: string) => nameColours([n], palette).get(n)!;
		const url = '/product/*';
		expect(nameColours([url, 'view'], palette, known).get(url)).toBe(alone(url) === '#a' ? '#b' : alone(url));
		expect(new Set(nameColours(['/a', '/b', '/c', '/d'], palette).values())).toEqual(new Set(palette));
		// Labels of small nodes may be hidden rather than drawn over each other.
		const s = (pathsOption(result, palette, known).series as { labelLayout: unknown; label: object }[])[0];
		expect(s.labelLayout).toEqual({ hideOverlap: true });
		expect(s.label).toMatchObject({ lineHeight: 16 });
	});

	it('tables every node and link', () => {
		const t = pathsTable(result);
		expect(t.header).toEqual(['kind', 'step', 'name', 'next', 'users', 'paths']);
		expect(t.rows).toContainEqual(['link', -2, 'view', 'cart', 4, 5]);
		expect(t.rows.filter((r) => r[0] === 'node')).toHaveLength(4);
	});

	it('reads cleaning rules one per line', () => {
		expect(parseRuleLines('/product/*\n\n\\?.* => \n^https://[^/]* => site')).toEqual([
			{ wildcard: '/product/*' },
			{ regex: '\\?.*', alias: '' },
			{ regex: '^https://[^/]*', alias: 'site' }
		]);
		expect(() => parseRuleLines('/cart')).toThrow(/neither a wildcard/);
	});
});
