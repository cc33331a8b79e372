/** ECharts options and table rows of the paths screen, pure (no DOM). */
import type { ChartOption } from '../../components/charts/echarts.ts';
import type { PathLink, PathNode, PathsResult } from './spec.ts';

const OTHER_COLOUR = '#b8bec6';

/** What a node is called on screen: its name, with its step ("step 2", "2 before"). */
export function stepLabel(step: number): string {
	if (step === 0) return 'start';
	return step > 0 ? `step ${step}` : `${-step} before`;
}

/** The hover text of a node or link: its name(s), users and paths. */
export function hoverText(item: PathNode | PathLink, names: ReadonlyMap<string, PathNode>): string {
	const counts = `${item.users.toLocaleString('en')} users · ${item.events.toLocaleString('en')} paths`;
	if ('id' in item) return `${item.name} (${stepLabel(item.step)})\n${counts}`;
	const from = names.get(item.source)?.name ?? item.source;
	const to = names.get(item.target)?.name ?? item.target;
	return `${from} → ${to}\n${counts}`;
}

/**
 * The Sankey: one column per step in time order (a backward path's end event on the right), nodes named by
 * their id (ECharts keys nodes by name) and labelled with their event, "other" in grey; link widths are paths.
 * Hovering shows users and paths.
 */
export function pathsOption(result: PathsResult, palette: readonly string[]): ChartOption {
	const byId = new Map(result.nodes.map((n) => [n.id, n]));
	const first = Math.min(0, ...result.nodes.map((n) => n.step));
	const colours = new Map<string, string>();
	for (const n of result.nodes)
		if (!n.other && !colours.has(n.name)) colours.set(n.name, palette[colours.size % palette.length]);
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
				label: { formatter: (p: { data: { label?: string } }) => p.data.label ?? '' },
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
