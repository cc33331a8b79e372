/**
 * The results a workspace file carries, kind by kind: each carrier checks a result's shape strictly (a file
 * is untrusted; nothing of a result passes unless rebuilt here from known fields) and blanks (null) every
 * cell that counts fewer than k distinct users (k-anonymity, issue 13). The same carrier runs on export
 * (with the k the user chose) and on import (with the k the file states), so a file that claims k but holds
 * smaller cells is blanked again on arrival.
 *
 * Which numbers count users (SEMANTICS §2, §3, §4):
 * - trend with `measure: "users"`: every point's value (distinct users in the period, per breakdown value);
 * - retention: every cohort's `size` and `values[i]` (users of the cohort active in period i); a cohort
 *   under k is blanked whole, since `values[0]` is its size;
 * - segment: `users` (and `share`, users / all users, which would give `users` back); its lists of user ids
 *   are one-user cells, so they are left out.
 * Other numbers (event counts, sums, shares of pairs) do not count users, so they cannot be checked against
 * k: with k set, such results (a trend of events, every other kind) are not carried, and the importer sees
 * why. Without k, the three kinds above are carried as computed; others are not carried yet.
 */
import { ShareError } from './guard.ts';

/** A carried result, or the reason it is not carried (in the user's words). */
export type Carried = { result: unknown } | { note: string };

type Obj = Record<string, unknown>;

function obj(x: unknown, path: string): Obj {
	if (typeof x !== 'object' || x === null || Array.isArray(x))
		throw new ShareError(path, `${path} must be an object.`);
	return x as Obj;
}
function list(x: unknown, path: string, max = 100_000): unknown[] {
	if (!Array.isArray(x) || x.length > max)
		throw new ShareError(path, `${path} must be a list of at most ${max.toLocaleString('en')} entries.`);
	return x;
}
function str(x: unknown, path: string, max = 1000): string {
	if (typeof x !== 'string' || x.length > max)
		throw new ShareError(path, `${path} must be text of at most ${max} characters.`);
	return x;
}
function strOrNull(x: unknown, path: string): string | null {
	return x === null ? null : str(x, path);
}
function one<T extends string>(x: unknown, values: readonly T[], path: string): T {
	if (!values.includes(x as T))
		throw new ShareError(path, `${path} must be one of ${values.map((v) => `"${v}"`).join(', ')}.`);
	return x as T;
}
/** A count (or null, already blanked); `k` blanks it when under k. */
function count(x: unknown, path: string, k: number | null): number | null {
	if (x === null) return null;
	if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
		throw new ShareError(path, `${path} must be a count (a number of at least 0) or null.`);
	return k !== null && x < k ? null : x;
}
function num(x: unknown, path: string): number | null {
	if (x === null) return null;
	if (typeof x !== 'number' || !Number.isFinite(x))
		throw new ShareError(path, `${path} must be a number or null.`);
	return x;
}
const DAY = /^\d{4}-\d{2}-\d{2}$/;
function dayText(x: unknown, path: string): string {
	const s = str(x, path, 10);
	if (!DAY.test(s)) throw new ShareError(path, `${path} must be a day written YYYY-MM-DD.`);
	return s;
}
const PERIODS = ['day', 'week', 'month'] as const;

function trend(r: Obj, path: string, k: number | null): Carried {
	const measure = one(r.measure, ['events', 'users'], `${path}.measure`);
	if (k !== null && measure === 'events')
		return { note: 'Event counts do not count users, so they cannot be checked against k: not included.' };
	const users = measure === 'users' ? k : null;
	return {
		result: {
			period: one(r.period, PERIODS, `${path}.period`),
			measure,
			series: list(r.series, `${path}.series`, 1000).map((s, i) => {
				const p = `${path}.series[${i}]`;
				const o = obj(s, p);
				return {
					key: strOrNull(o.key, `${p}.key`),
					...(o.other === true ? { other: true } : {}),
					points: list(o.points, `${p}.points`).map((pt, j) => {
						const q = obj(pt, `${p}.points[${j}]`);
						return {
							period: dayText(q.period, `${p}.points[${j}].period`),
							value:
								measure === 'users'
									? count(q.value, `${p}.points[${j}].value`, users)
									: num(q.value, `${p}.points[${j}].value`)
						};
					})
				};
			})
		}
	};
}

function cohorts(x: unknown, path: string, k: number | null) {
	return list(x, path, 10_000).map((c, i) => {
		const p = `${path}[${i}]`;
		const o = obj(c, p);
		const size = count(o.size, `${p}.size`, k);
		const values = list(o.values, `${p}.values`, 1000).map((v, j) => count(v, `${p}.values[${j}]`, k));
		return {
			cohort: strOrNull(o.cohort, `${p}.cohort`),
			size,
			values: size === null ? values.map(() => null) : values
		};
	});
}

function retention(r: Obj, path: string, k: number | null): Carried {
	return {
		result: {
			period: one(r.period, PERIODS, `${path}.period`),
			cohorts: cohorts(r.cohorts, `${path}.cohorts`, k),
			...(r.breakdowns === undefined
				? {}
				: {
						breakdowns: list(r.breakdowns, `${path}.breakdowns`, 1000).map((b, i) => {
							const o = obj(b, `${path}.breakdowns[${i}]`);
							return {
								value: strOrNull(o.value, `${path}.breakdowns[${i}].value`),
								cohorts: cohorts(o.cohorts, `${path}.breakdowns[${i}].cohorts`, k)
							};
						})
					})
		}
	};
}

/** Maps each user id of a result (the export's hasher, precomputed; identity on import). */
export type IdMap = (id: string) => string;

function ids(x: unknown, path: string, mapId: IdMap): string[] {
	return list(x, path).map((v, i) => mapId(str(v, `${path}[${i}]`)));
}

function segment(r: Obj, path: string, k: number | null, mapId: IdMap): Carried {
	const users = count(r.users, `${path}.users`, k);
	const share = num(r.share, `${path}.share`);
	const sample = k === null ? ids(r.sample, `${path}.sample`, mapId) : [];
	const all = r.userIds === undefined || k !== null ? undefined : ids(r.userIds, `${path}.userIds`, mapId);
	return {
		result: {
			users,
			share: users === null ? null : share,
			sample,
			...(all ? { userIds: all } : {})
		}
	};
}

const CARRIERS: Record<string, (r: Obj, path: string, k: number | null, mapId: IdMap) => Carried> = {
	trend,
	retention,
	segment
};

/** True for the kinds whose results a workspace file can carry. */
export function carriesKind(kind: string): boolean {
	return Object.hasOwn(CARRIERS, kind);
}

/**
 * The result of an analysis of `kind` as a file carries it: rebuilt from its known fields, with every user
 * count under `k` set to null (k null: none). Throws ShareError naming the field at `path` when the shape is
 * not that kind's result. `mapId` maps every user id the result lists (the export's hashes).
 */
export function carryResult(
	kind: string,
	result: unknown,
	k: number | null,
	path: string,
	mapId: IdMap = (id) => id
): Carried {
	if (!carriesKind(kind))
		return {
			note:
				k === null
					? 'Footfall does not carry this kind of result in a workspace file yet: include the data to see it.'
					: 'This kind of result is not only user counts, so it cannot be checked against k: not included.'
		};
	return CARRIERS[kind](obj(result, path), path, k, mapId);
}
