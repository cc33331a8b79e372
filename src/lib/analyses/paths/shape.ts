import type { Table } from 'apache-arrow';
import type { PathLink, PathNode, PathsResult, PathsSpec } from './spec.ts';

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

/** The id of a node: `step:name`, or `step/other` for a step's other group (the two cannot collide). */
export function nodeId(step: number, name: string | null): string {
	return name === null ? `${step}/other` : `${step}:${name}`;
}

/** Nodes in step order, then by paths (most first), the other group last, then by name. */
function byStep(a: PathNode, b: PathNode): number {
	return (
		a.step - b.step ||
		Number(!!a.other) - Number(!!b.other) ||
		b.events - a.events ||
		(a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
	);
}

/**
 * The rows of `compilePaths` as SEMANTICS §7's Sankey: nodes (ordered by step, then paths) and links
 * (ordered by their source's place, then paths). `paths` and `users` are the totals of step 0.
 */
export function shapePaths(table: Table, spec: PathsSpec): PathsResult {
	const col = (name: string) => {
		const c = table.getChild(name);
		if (!c) throw new Error(`Paths result has no column ${name}`);
		return c;
	};
	const [kind, step, name, other, toName, toOther, users, events] = [
		'kind',
		'step',
		'name',
		'other',
		'to_name',
		'to_other',
		'users',
		'events'
	].map(col);
	const nodes: PathNode[] = [];
	const links: PathLink[] = [];
	const who: string[] = [];
	let paths = 0;
	let people = 0;
	for (let i = 0; i < table.numRows; i++) {
		const k = kind.get(i) as string;
		if (k === 'user') {
			who.push(name.get(i) as string);
			continue;
		}
		if (k === 'total') {
			paths = num(events.get(i));
			people = num(users.get(i));
			continue;
		}
		const s = num(step.get(i));
		const n = other.get(i) ? null : (name.get(i) as string);
		const counts = { users: num(users.get(i)), events: num(events.get(i)) };
		if (k === 'node') {
			nodes.push({
				id: nodeId(s, n),
				step: s,
				name: n ?? 'other',
				...(n === null ? { other: true } : {}),
				...counts
			});
		} else {
			const m = toOther.get(i) ? null : (toName.get(i) as string);
			links.push({ source: nodeId(s, n), target: nodeId(s + 1, m), ...counts });
		}
	}
	nodes.sort(byStep);
	const place = new Map(nodes.map((n, i) => [n.id, i]));
	links.sort(
		(a, b) =>
			place.get(a.source)! - place.get(b.source)! ||
			b.events - a.events ||
			place.get(a.target)! - place.get(b.target)!
	);
	const result: PathsResult = {
		direction: spec.endEvent === null ? 'forward' : 'backward',
		anchor: spec.endEvent ?? spec.startEvent,
		depth: spec.depth,
		paths,
		users: people,
		nodes,
		links
	};
	if (spec.nodeUsers) result.nodeUsers = who.sort();
	return result;
}
