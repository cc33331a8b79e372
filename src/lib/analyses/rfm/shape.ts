import type { Table } from 'apache-arrow';
import { classOf, RFM_CLASSES } from './classes.ts';
import type { RfmGridCell, RfmResult, RfmSpec, RfmUserRow } from './spec.ts';

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

function list(v: unknown): number[] {
	if (v === null || v === undefined) return [];
	return Array.from((v as { toArray(): ArrayLike<number> }).toArray(), Number);
}

/**
 * The rows of `compileRfm` as SEMANTICS §5's result, plus the R × F grid (users and average measures per
 * cell, over every M score) and the sizes of the named segments (rfm/classes.ts).
 */
export function shapeRfm(table: Table, spec: Pick<RfmSpec, 'bins' | 'perUser'>): RfmResult {
	const col = (name: string) => {
		const c = table.getChild(name);
		if (!c) throw new Error(`RFM result has no column ${name}`);
		return c;
	};
	const [kind, asof, er, ef, em, r, f, m, n, recency, frequency, monetary] = [
		'kind',
		'asof',
		'er',
		'ef',
		'em',
		'r',
		'f',
		'm',
		'n',
		'recency',
		'frequency',
		'monetary'
	].map(col);
	const out: RfmResult = {
		bins: spec.bins,
		asOf: '',
		users: 0,
		edges: { recency: [], frequency: [], monetary: [] },
		segments: {},
		scoreCounts: {},
		grid: [],
		classes: []
	};
	let rows: RfmUserRow[] = [];
	const grid = new Map<string, RfmGridCell & { sums: [number, number, number] }>();
	const classes = new Map<string, { users: number; money: number }>();
	const scoreCounts = new Map<number, number>();
	const codes: { code: string; order: number; users: number }[] = [];
	const kinds = kind.toArray() as ArrayLike<string>;
	for (let i = 0; i < table.numRows; i++) {
		const k = kinds[i];
		if (k === 'meta') {
			out.asOf = (asof.get(i) as string | null) ?? '';
			out.edges = { recency: list(er.get(i)), frequency: list(ef.get(i)), monetary: list(em.get(i)) };
		} else if (k === 'cell') {
			const [R, F, M, users] = [r, f, m, n].map((c) => num(c.get(i)));
			const sums = [recency, frequency, monetary].map((c) => num(c.get(i))) as [number, number, number];
			out.users += users;
			codes.push({ code: `${R}${F}${M}`, order: (R * 11 + F) * 11 + M, users });
			scoreCounts.set(R + F + M, (scoreCounts.get(R + F + M) ?? 0) + users);
			const key = `${R}:${F}`;
			const cell = grid.get(key) ?? {
				r: R,
				f: F,
				users: 0,
				avgMonetary: 0,
				avgRecency: 0,
				avgFrequency: 0,
				sums: [0, 0, 0]
			};
			cell.users += users;
			for (let j = 0; j < 3; j++) cell.sums[j] += sums[j];
			grid.set(key, cell);
			const c = classOf(R, F, spec.bins);
			const cls = classes.get(c) ?? { users: 0, money: 0 };
			cls.users += users;
			cls.money += sums[2];
			classes.set(c, cls);
		} else {
			// With perUser the SQL orders the rows by kind, user rows last: read them as whole columns.
			if (spec.perUser) rows = userRows(table, i);
			break;
		}
	}
	// Ordered by the scores, not as text: with 10 bins a score is "10".
	codes.sort((a, b) => a.order - b.order);
	for (const c of codes) out.segments[c.code] = c.users;
	for (const [total, users] of [...scoreCounts].sort((a, b) => a[0] - b[0]))
		out.scoreCounts[String(total)] = users;
	out.grid = [...grid.values()]
		.sort((a, b) => a.r - b.r || a.f - b.f)
		.map(({ sums, ...c }) => ({
			...c,
			avgRecency: sums[0] / c.users,
			avgFrequency: sums[1] / c.users,
			avgMonetary: sums[2] / c.users
		}));
	out.classes = RFM_CLASSES.map((c) => {
		const s = classes.get(c.key);
		return { key: c.key, users: s?.users ?? 0, avgMonetary: s ? s.money / s.users : null };
	});
	if (spec.perUser) out.rows = rows;
	return out;
}

/** The `user` rows from row `from` to the end, read as whole columns (much faster than row by row). */
function userRows(table: Table, from: number): RfmUserRow[] {
	const arr = (name: string) => table.getChild(name)!.toArray() as ArrayLike<unknown>;
	const [id, recency, frequency, monetary, r, f, m] = [
		'id',
		'recency',
		'frequency',
		'monetary',
		'r',
		'f',
		'm'
	].map(arr);
	const out: RfmUserRow[] = new Array(table.numRows - from);
	for (let i = from; i < table.numRows; i++)
		out[i - from] = {
			user: id[i] as string,
			recency: recency[i] as number,
			frequency: frequency[i] as number,
			monetary: monetary[i] as number,
			r: r[i] as number,
			f: f[i] as number,
			m: m[i] as number
		};
	return out;
}
