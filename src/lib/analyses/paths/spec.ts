/**
 * The paths spec (SEMANTICS §7; where it is silent, PostHog's Paths insight): its types, defaults and checks.
 * The rules themselves are written out in compile.ts and the README ("What the numbers mean", Paths).
 */
import { knownKeys, object, show, SpecError, text, textOrNull, wholeNumber } from '../../spec/check.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type Scope } from '../../spec/scope.ts';
import type { ColumnReference } from '../types.ts';

/**
 * A cleaning rule, applied to every node name in order, each to the previous one's output (PostHog's path
 * cleaning rules). `wildcard`: a value matching the whole pattern, where `*` stands for any run of
 * characters (none included), is renamed to the pattern itself (`/product/*`). `regex` + `alias`: every
 * match of the regular expression is replaced by `alias`, taken literally (no back-references).
 */
export type CleaningRule = { wildcard: string } | { regex: string; alias: string };

/** A node of a result: its step and its name, or null for the step's "other" group. */
export interface NodeRef {
	step: number;
	name: string | null;
}

export interface PathsSpec extends Scope {
	kind: 'paths';
	/** Paths start at the session's first event of this name (after cleaning); null: at the session's start. */
	startEvent: string | null;
	/** Paths end at the session's first event of this name (after cleaning), read backwards from it. */
	endEvent: string | null;
	/** Name each step by this column's value (a URL) instead of the event name; rows without one are skipped. */
	column: string | null;
	/** Steps per path, the start (or end) event included: 2 to PATHS_MAX_DEPTH. */
	depth: number;
	/** Names kept per step, by how many paths take them; the rest of the step is one "other" node. */
	topN: number;
	cleaning: CleaningRule[];
	/** Names (after cleaning) left out of every path, as if those events had not happened. */
	exclude: string[];
	/** When set, the result also lists the ids of the users whose path passes through this node. */
	nodeUsers: NodeRef | null;
}

export type PathsSpecInput = { kind: 'paths' } & Partial<Omit<PathsSpec, 'kind'>>;

export interface PathNode {
	/** `step:name`, or `step/other` for the other group: unique within a result. */
	id: string;
	/** Position from the start (0, 1, 2…) or, on a backward path, from the end (0, −1, −2…), in time order. */
	step: number;
	/** The (cleaned) name; "other" on the other group. */
	name: string;
	other?: true;
	/** Distinct users with a path through this node. */
	users: number;
	/** Paths through this node (one per session: a user passing it in three sessions counts 3). */
	events: number;
}

export interface PathLink {
	source: string;
	target: string;
	users: number;
	events: number;
}

export interface PathsResult {
	direction: 'forward' | 'backward';
	/** The start or end event, or null for paths from the session's first event. */
	anchor: string | null;
	depth: number;
	/** Session paths counted, and their distinct users. */
	paths: number;
	users: number;
	nodes: PathNode[];
	links: PathLink[];
	/** Ids of the users through `spec.nodeUsers`, when it is set. */
	nodeUsers?: string[];
}

/** The longest path a spec may ask for (PostHog's step limit is 20 too). */
export const PATHS_MAX_DEPTH = 20;
/** The most names kept per step. */
export const PATHS_MAX_TOP = 50;

export const PATHS_DEFAULTS = { depth: 5, topN: 5 } as const;

const KEYS = [
	'kind',
	'startEvent',
	'endEvent',
	'column',
	'depth',
	'topN',
	'cleaning',
	'exclude',
	'nodeUsers',
	...SCOPE_KEYS
] as const;

/** Constructs RE2 (DuckDB's engine) lacks or reads differently from JavaScript: lookaround, back-references. */
const UNPORTABLE = /\(\?<?[=!]|\\[1-9]|\\k</;

function regexRule(r: Record<string, unknown>, path: string): CleaningRule {
	knownKeys(r, ['regex', 'alias'], path, 'a regex cleaning rule');
	const regex = text(r.regex, `${path}.regex`);
	const alias = text(r.alias ?? '', `${path}.alias`, { empty: true });
	let re: RegExp;
	try {
		re = new RegExp(regex);
	} catch (e) {
		throw new SpecError(
			`${path}.regex`,
			`${path}.regex is not a regular expression: ${(e as Error).message}`
		);
	}
	if (UNPORTABLE.test(regex))
		throw new SpecError(
			`${path}.regex`,
			`${path}.regex uses lookaround or a back-reference, which the engine does not support`
		);
	if (re.test(''))
		throw new SpecError(
			`${path}.regex`,
			`${path}.regex matches empty text; it must match at least one character`
		);
	return { regex, alias };
}

function cleaningRules(x: unknown, path: string): CleaningRule[] {
	if (x === undefined || x === null) return [];
	if (!Array.isArray(x))
		throw new SpecError(path, `${path} must be a list of cleaning rules, got ${show(x)}`);
	return x.map((item, i) => {
		const p = `${path}[${i}]`;
		const r = object(item, p, 'a cleaning rule { "wildcard" } or { "regex", "alias" }');
		if ('wildcard' in r) {
			knownKeys(r, ['wildcard'], p, 'a wildcard cleaning rule');
			const wildcard = text(r.wildcard, `${p}.wildcard`);
			if (!wildcard.includes('*'))
				throw new SpecError(`${p}.wildcard`, `${p}.wildcard must contain a * (such as /product/*)`);
			return { wildcard };
		}
		if ('regex' in r) return regexRule(r, p);
		throw new SpecError(p, `${p} must hold "wildcard" or "regex"`);
	});
}

function nodeRef(x: unknown, path: string, depth: number): NodeRef | null {
	if (x === undefined || x === null) return null;
	const r = object(x, path, 'a node { "step", "name" }');
	knownKeys(r, ['step', 'name'], path, 'a node');
	const step = wholeNumber(r.step, `${path}.step`, -(depth - 1), depth - 1);
	const name = r.name === null ? null : text(r.name, `${path}.name`, { empty: true });
	return { step, name };
}

function depthOf(x: unknown, path: string): number {
	if (x === undefined) return PATHS_DEFAULTS.depth;
	if (typeof x === 'number' && Number.isInteger(x) && x > PATHS_MAX_DEPTH)
		throw new SpecError(path, `${path} is at most ${PATHS_MAX_DEPTH} steps, got ${x}`);
	return wholeNumber(x, path, 2, PATHS_MAX_DEPTH);
}

/** Checks a paths spec at `path` and returns it with every default applied. Throws `SpecError`. */
export function parsePaths(input: unknown, path = 'analysis'): PathsSpec {
	const a = object(input, path, 'a paths spec');
	knownKeys(a, KEYS, path, 'a paths spec');
	if (a.kind !== 'paths') throw new SpecError(`${path}.kind`, `${path}.kind must be "paths"`);
	const startEvent = a.startEvent === undefined ? null : textOrNull(a.startEvent, `${path}.startEvent`);
	const endEvent = a.endEvent === undefined ? null : textOrNull(a.endEvent, `${path}.endEvent`);
	if (startEvent !== null && endEvent !== null)
		throw new SpecError(
			`${path}.endEvent`,
			`${path} takes a start event or an end event, not both: paths run forward from one or back from the other`
		);
	const exclude = a.exclude === undefined || a.exclude === null ? [] : a.exclude;
	if (!Array.isArray(exclude))
		throw new SpecError(
			`${path}.exclude`,
			`${path}.exclude must be a list of event names, got ${show(exclude)}`
		);
	const depth = depthOf(a.depth, `${path}.depth`);
	const topN =
		a.topN === undefined ? PATHS_DEFAULTS.topN : wholeNumber(a.topN, `${path}.topN`, 1, PATHS_MAX_TOP);
	const nodeUsers = nodeRef(a.nodeUsers, `${path}.nodeUsers`, depth);
	if (nodeUsers && (endEvent === null ? nodeUsers.step < 0 : nodeUsers.step > 0))
		throw new SpecError(
			`${path}.nodeUsers.step`,
			`${path}.nodeUsers.step must be ${endEvent === null ? '0 or more' : '0 or less'} on a ${endEvent === null ? 'forward' : 'backward'} path`
		);
	return {
		kind: 'paths',
		startEvent,
		endEvent,
		column: a.column === undefined ? null : textOrNull(a.column, `${path}.column`),
		depth,
		topN,
		cleaning: cleaningRules(a.cleaning, `${path}.cleaning`),
		exclude: [...new Set(exclude.map((e, i) => text(e, `${path}.exclude[${i}]`)))].sort(),
		nodeUsers,
		...scopeOf(a, path)
	};
}

/** The data columns a paths spec refers to: its naming column and the segment's. */
export function pathsColumns(spec: PathsSpec): ColumnReference[] {
	const out: ColumnReference[] = spec.column ? [{ path: 'analysis.column', column: spec.column }] : [];
	return [...out, ...scopeColumns(spec, 'analysis')];
}
