/**
 * SEMANTICS §7 paths computed directly over rows in plain TypeScript, sharing no code with the engine: sessions
 * by the gap rule (or an export's session id), cleaning by JavaScript string and RegExp operations, wildcards
 * matched by hand (no regular expression), per-session sequences walked in arrays.
 */

export interface RefRow {
	user: string | null;
	/** UTC ms. */
	t: number;
	event: string;
	/** The naming column's value, when the spec names steps by a column. */
	value?: string | null;
	/** The export's session id, or null / '' where the gap rule splits. */
	session?: string | null;
}

export type RefRule = { wildcard: string } | { regex: string; alias: string };

export interface RefSpec {
	startEvent?: string | null;
	endEvent?: string | null;
	byValue?: boolean;
	depth: number;
	topN: number;
	cleaning?: RefRule[];
	exclude?: string[];
	/**
	 * Which rows count (a date range, a segment), tested per row after sessions are split over all rows: a
	 * session crossing the range's edge keeps only its events inside.
	 */
	keep?: (r: RefRow) => boolean;
}

export interface RefNode {
	id: string;
	step: number;
	name: string;
	other?: true;
	users: number;
	events: number;
}

export interface RefResult {
	paths: number;
	users: number;
	nodes: RefNode[];
	links: { source: string; target: string; users: number; events: number }[];
}

/** True when `v` matches `pattern` as a whole, `*` standing for any run of characters. */
export function wildcardMatch(pattern: string, v: string): boolean {
	const parts = pattern.split('*');
	const first = parts[0];
	const last = parts[parts.length - 1];
	if (!v.startsWith(first)) return false;
	let pos = first.length;
	for (const part of parts.slice(1, -1)) {
		const at = v.indexOf(part, pos);
		if (at < 0) return false;
		pos = at + part.length;
	}
	return v.length - last.length >= pos && v.endsWith(last);
}

export function clean(v: string, rules: RefRule[]): string {
	for (const r of rules) {
		if ('wildcard' in r) v = wildcardMatch(r.wildcard, v) ? r.wildcard : v;
		else v = v.replaceAll(new RegExp(r.regex, 'g'), () => r.alias);
	}
	return v;
}

/**
 * Each session's events in order (time, then position in `rows`): sessions by export id where a row has one,
 * else a new session after a gap of more than `gapMs` between a user's consecutive id-less events.
 */
export function sessionsOf(rows: RefRow[], gapMs: number): { user: string; rows: RefRow[] }[] {
	const byUser = new Map<string, { r: RefRow; i: number }[]>();
	rows.forEach((r, i) => {
		if (r.user === null) return;
		const list = byUser.get(r.user) ?? [];
		list.push({ r, i });
		byUser.set(r.user, list);
	});
	const out: { user: string; rows: RefRow[] }[] = [];
	for (const [user, list] of byUser) {
		list.sort((a, b) => a.r.t - b.r.t || a.i - b.i);
		const byId = new Map<string, RefRow[]>();
		let current: RefRow[] | null = null;
		let lastT = -Infinity;
		for (const { r } of list) {
			if (r.session) {
				const s = byId.get(r.session) ?? [];
				if (s.length === 0) out.push({ user, rows: s });
				s.push(r);
				byId.set(r.session, s);
				continue;
			}
			if (current === null || r.t - lastT > gapMs) {
				current = [];
				out.push({ user, rows: current });
			}
			current.push(r);
			lastT = r.t;
		}
	}
	return out;
}

/** The (step, name) sequence of one session's path, or null when it has none. */
function pathOf(names: string[], spec: RefSpec): { step: number; name: string }[] | null {
	const collapse = (xs: string[]) => xs.filter((x, i) => i === 0 || xs[i - 1] !== x);
	if (spec.endEvent) {
		const at = names.indexOf(spec.endEvent);
		if (at < 0) return null;
		const seq = collapse(names.slice(0, at + 1))
			.reverse()
			.slice(0, spec.depth);
		return seq.map((name, k) => ({ step: k === 0 ? 0 : -k, name }));
	}
	const at = spec.startEvent ? names.indexOf(spec.startEvent) : 0;
	if (at < 0 || names.length === 0) return null;
	return collapse(names.slice(at))
		.slice(0, spec.depth)
		.map((name, k) => ({ step: k, name }));
}

/** The Sankey of SEMANTICS §7 over `rows`, nodes and links sorted by id for comparison. */
export function referencePaths(rows: RefRow[], spec: RefSpec, gapMs = 30 * 60_000): RefResult {
	const exclude = new Set(spec.exclude ?? []);
	const paths: { user: string; steps: { step: number; name: string }[] }[] = [];
	for (const s of sessionsOf(rows, gapMs)) {
		const names: string[] = [];
		for (const r of s.rows) {
			if (spec.keep && !spec.keep(r)) continue;
			const raw = spec.byValue ? r.value : r.event;
			if (raw === null || raw === undefined || raw === '') continue;
			const name = clean(raw, spec.cleaning ?? []);
			if (!exclude.has(name)) names.push(name);
		}
		const steps = pathOf(names, spec);
		if (steps) paths.push({ user: s.user, steps });
	}
	// The top names of each step by paths, ties by name.
	const perStep = new Map<number, Map<string, number>>();
	for (const p of paths)
		for (const { step, name } of p.steps) {
			const m = perStep.get(step) ?? new Map<string, number>();
			m.set(name, (m.get(name) ?? 0) + 1);
			perStep.set(step, m);
		}
	const kept = new Map<number, Set<string>>();
	for (const [step, m] of perStep) {
		const ranked = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
		kept.set(step, new Set(ranked.slice(0, spec.topN).map(([n]) => n)));
	}
	const idOf = (step: number, name: string) =>
		kept.get(step)!.has(name) ? `${step}:${name}` : `${step}/other`;
	const nodes = new Map<
		string,
		{ step: number; name: string; other: boolean; users: Set<string>; events: number }
	>();
	const links = new Map<string, { source: string; target: string; users: Set<string>; events: number }>();
	for (const p of paths) {
		const ids = p.steps.map((s) => idOf(s.step, s.name));
		p.steps.forEach((s, k) => {
			const other = ids[k].includes('/other');
			const n = nodes.get(ids[k]) ?? {
				step: s.step,
				name: other ? 'other' : s.name,
				other,
				users: new Set(),
				events: 0
			};
			n.users.add(p.user);
			n.events++;
			nodes.set(ids[k], n);
		});
		// Links run in time order: on a backward path the later step is the one nearer the end.
		for (let k = 1; k < ids.length; k++) {
			const [source, target] = spec.endEvent ? [ids[k], ids[k - 1]] : [ids[k - 1], ids[k]];
			const key = `${source}\u0001${target}`;
			const l = links.get(key) ?? { source, target, users: new Set(), events: 0 };
			l.users.add(p.user);
			l.events++;
			links.set(key, l);
		}
	}
	const byId = <T extends { id?: string; source?: string; target?: string }>(a: T, b: T) => {
		const ka = a.id ?? `${a.source}\u0001${a.target}`;
		const kb = b.id ?? `${b.source}\u0001${b.target}`;
		return ka < kb ? -1 : ka > kb ? 1 : 0;
	};
	return {
		paths: paths.length,
		users: new Set(paths.map((p) => p.user)).size,
		nodes: [...nodes]
			.map(([id, n]) => ({
				id,
				step: n.step,
				name: n.name,
				...(n.other ? { other: true as const } : {}),
				users: n.users.size,
				events: n.events
			}))
			.sort(byId),
		links: [...links.values()]
			.map((l) => ({ source: l.source, target: l.target, users: l.users.size, events: l.events }))
			.sort(byId)
	};
}
