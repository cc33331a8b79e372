/** ECharts options and table rows of the paths screen, pure (no DOM). */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { PathLink, PathNode, PathsResult } from './spec.ts';

const OTHER_COLOUR = '#b8bec6';

/**
 * Where a node stands, in words: "start" (or "end" for the end event of a backward path), "step 2", or
 * "2 before" the end event.
 */
export function stepLabel(step: number, direction: PathsResult['direction'] = 'forward'): string {
	if (step === 0) return direction === 'backward' ? 'end' : 'start';
	return step > 0 ? `step ${step}` : `${-step} before`;
}

/** The hover text of a node or link: its name(s), users and paths. */
export function hoverText(item: PathNode | PathLink, names: ReadonlyMap<string, PathNode>): string {
	const counts = `${item.users.toLocaleString('en')} users · ${item.events.toLocaleString('en')} paths`;
	// Only a backward path has steps below 0, and its step 0 is the end event.
	const direction = [...names.values()].some((n) => n.step < 0) ? 'backward' : 'forward';
	if ('id' in item) return `${item.name} (${stepLabel(item.step, direction)})\n${counts}`;
	const from = names.get(item.source)?.name ?? item.source;
	const to = names.get(item.target)?.name ?? item.target;
	return `${from} → ${to}\n${counts}`;
}

/**
 * A colour per name that stays the same from one result to the next ("paths from here" keeps an event's
 * colour). `known` is a fixed list of the dataset's names (its event names, most frequent first): a name in it
 * takes the slot of its place there, so up to `palette.length` names never share. Any other name (a URL) takes
 * its FNV-1a hash's slot, or the next one not used in this chart.
 */
export function nameColours(
	names: readonly string[],
	palette: readonly string[],
	known: readonly string[] = []
): Map<string, string> {
	const out = new Map<string, string>();
	const place = new Map(known.map((n, i) => [n, i % palette.length]));
	const taken = new Set<number>();
	for (const name of names) {
		const at = place.get(name);
		if (at !== undefined) taken.add(at);
	}
	for (const name of names) {
		if (out.has(name)) continue;
		let slot = place.get(name);
		if (slot === undefined) {
			let h = 0x811c9dc5;
			for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
			slot = h % palette.length;
			for (let k = 0; k < palette.length && taken.has(slot); k++) slot = (slot + 1) % palette.length;
			taken.add(slot);
		}
		out.set(name, palette[slot]);
	}
	return out;
}

/**
 * The Sankey: one column per step in time order (a backward path's end event on the right), nodes named by
 * their id (ECharts keys nodes by name) and labelled with their event, "other" in grey; link widths are paths.
 * Colours by `nameColours` over `known`. Hovering shows users and paths. Labels that would overlap (small nodes) are hidden; hovering still names
 * the node.
 */
export function pathsOption(
	result: PathsResult,
	palette: readonly string[],
	known: readonly string[] = []
): ChartOption {
	const byId = new Map(result.nodes.map((n) => [n.id, n]));
	const first = Math.min(0, ...result.nodes.map((n) => n.step));
	const colours = nameColours(
		result.nodes.filter((n) => !n.other).map((n) => n.name),
		palette,
		known
	);
	return {
		tooltip: {
			trigger: 'item',
			formatter: (p: { dataType?: string; data: { id?: string; source?: string; target?: string } }) => {
				const d = p.data;
				const item =
					p.dataType === 'edge'
						? result.links.find((l) => l.source === d.source && l.target === d.target)
						: byId.get(d.id ?? '');
				return item ? hoverText(item, byId) : '';
			}
		},
		series: [
			{
				type: 'sankey',
				left: 8,
				right: 120,
				top: 8,
				bottom: 8,
				nodeAlign: 'left',
				draggable: false,
				emphasis: { focus: 'adjacency' },
				// The label box is as tall as its line: at ECharts' default (the font size) labels of thin
				// nodes 10 px apart still drew over each other without counting as overlapping.
				label: { formatter: (p: { data: { label?: string } }) => p.data.label ?? '', lineHeight: 16 },
				labelLayout: { hideOverlap: true },
				lineStyle: { color: 'gradient', opacity: 0.35 },
				data: result.nodes.map((n) => ({
					name: n.id,
					id: n.id,
					label: n.name,
					value: n.events,
					depth: n.step - first,
					itemStyle: { color: n.other ? OTHER_COLOUR : colours.get(n.name) }
				})),
				links: result.links.map((l) => ({ source: l.source, target: l.target, value: l.events }))
			}
		]
	};
}

/** The table and CSV: every node, then every link, with users and paths. */
export function pathsTable(result: PathsResult): { header: string[]; rows: (string | number)[][] } {
	const byId = new Map(result.nodes.map((n) => [n.id, n]));
	const rows: (string | number)[][] = result.nodes.map((n) => [
		'node',
		n.step,
		n.name,
		'',
		n.users,
		n.events
	]);
	for (const l of result.links)
		rows.push([
			'link',
			byId.get(l.source)?.step ?? '',
			byId.get(l.source)?.name ?? '',
			byId.get(l.target)?.name ?? '',
			l.users,
			l.events
		]);
	return { header: ['kind', 'step', 'name', 'next', 'users', 'paths'], rows };
}
