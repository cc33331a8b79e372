import type { Database } from '../duck.ts';
import type { BuildStats, IdentityReport, LoadedFiles } from './types.ts';
import type { RejectedRow } from '../formats/types.ts';
import type { DatasetSpec } from '../../spec/types.ts';
import type { Vendor } from '../layout.ts';
import type { TimeFormat } from '../time.ts';
import { ident, literal } from '../../sql/quote.ts';
import { C } from '../../sql/schema.ts';

export interface ColumnSummary {
	name: string;
	type: string;
	/** Share of loaded rows where the column is empty, 0..1. */
	nullRate: number;
	/**
	 * Exact number of different non-empty values among the kept events; null in the report as built, since
	 * counting costs time (about a second per million rows): `EngineCore.distinctCounts` computes them
	 * (the page in the background, `footfall inspect` before printing). Never an estimate.
	 */
	distinct: number | null;
	/** The role it plays in the mapping, if any. */
	role: keyof DatasetSpec['columns'] | null;
}

/** The ingest report (issue 2). Counts are rows unless said otherwise. */
export interface IngestReport {
	files: LoadedFiles['files'];
	/** Rows read from the files, before rejects, dedupe and filters. */
	loadedRows: number;
	/** Rows kept: the events every analysis sees. */
	rows: number;
	/** Rows dropped as duplicates (dedupe mode in `dataset.dedupe`). */
	duplicates: number;
	/** Rows removed by the dataset's filters. */
	filtered: number;
	/** Lines the reader could not parse plus rows whose time could not be read. */
	rejected: number;
	rejectedExamples: RejectedRow[];
	/** Kept rows with no user id: counted, and left out of user-level analyses. */
	noUser: number;
	users: number;
	/** Number of distinct event names. */
	events: number;
	firstTime: string | null;
	lastTime: string | null;
	dataset: DatasetSpec;
	mapping: DatasetSpec['columns'];
	vendor: Vendor | null;
	notes: string[];
	timeFormat: TimeFormat | null;
	columns: ColumnSummary[];
	perDay: { day: string; events: number; users: number }[];
	/**
	 * Present (true) when every kept event's time is at midnight on the wall clock of `dataset.timezone`: the
	 * file has dates only, no time of day, so durations under a day mean "the same day" (analyses/format.ts
	 * `datesOnly`). Left out otherwise, so reports kept before it existed read the same.
	 */
	datesOnly?: true;
	topEvents: { event: string; count: number; users: number }[];
	/** Every event name, most frequent first (at most 1,000): the pickers of every analysis. */
	eventNames: string[];
	identity: IdentityReport | null;
	/**
	 * Kept rows whose user or anonymous id was a placeholder (SEMANTICS §9: `NULL`, `undefined`, `0`…), per
	 * column and value as written, most rows first (at most 50 entries). Those ids count as missing.
	 */
	placeholders: PlaceholderCount[];
}

export interface PlaceholderCount {
	/** The user or anonymous id column, by its name in the file. */
	column: string;
	role: 'user' | 'anonymous';
	/** The value as written (case and surrounding blanks kept); '' for empty text. */
	value: string;
	rows: number;
}

const toIso = (v: unknown) => (v == null ? null : new Date(Number(v)).toISOString());

export async function buildReport(
	duck: Database,
	events: string,
	loaded: LoadedFiles,
	stats: BuildStats
): Promise<IngestReport> {
	const E = ident(events);
	const [user, ukey, time, local, event] = [C.user, C.ukey, C.time, C.local, C.event].map(ident);
	// User keys run from 0 without gaps (schema.ts), so the largest key counts the users.
	const head = (
		await duck.rows<{
			rows: number;
			users: number | null;
			no_user: number;
			lo: number | null;
			hi: number | null;
		}>(
			`SELECT count(*)::BIGINT AS rows, (max(${ukey}) + 1)::BIGINT AS users,
		   count(*) FILTER (WHERE ${user} IS NULL)::BIGINT AS no_user,
		   epoch_ms(min(${time})) AS lo, epoch_ms(max(${time})) AS hi
		 FROM ${E}`
		)
	)[0];
	const dataset = stats.dataset;
	const hasTime = Boolean(dataset.columns.time);
	// Distinct users per group: grouping (group, user) first and counting the pairs is about three times
	// faster in WASM than count(DISTINCT …), and dates are formatted here rather than by strftime.
	// The same pass tells whether every time is at midnight (`datesOnly`).
	const days = hasTime
		? await duck.rows<{ day: number; events: number; users: number; midnight: boolean }>(
				`SELECT epoch_ms(d) AS day, sum(n)::BIGINT AS events, count(u)::BIGINT AS users, bool_and(m) AS midnight
				 FROM (SELECT CAST(${local} AS DATE) AS d, ${ukey} AS u, count(*) AS n,
				         bool_and(${local} = CAST(${local} AS DATE)) AS m
				       FROM ${E} GROUP BY 1, 2)
				 GROUP BY 1 ORDER BY 1`
			)
		: [];
	const perDay = days.map((r) => ({
		day: new Date(Number(r.day)).toISOString().slice(0, 10),
		events: r.events,
		users: r.users
	}));
	const datesOnly = days.length > 0 && days.every((r) => r.midnight);
	// One grouping serves the chart's top 20, every name (most frequent first) for the pickers, and the count.
	const byEvent = await duck.rows<{ event: string; count: number; users: number; names: number }>(
		`SELECT e AS event, sum(n)::BIGINT AS count, count(u)::BIGINT AS users, count(*) OVER ()::BIGINT AS names
		 FROM (SELECT ${event} AS e, ${ukey} AS u, count(*) AS n FROM ${E} GROUP BY 1, 2)
		 GROUP BY 1 ORDER BY count DESC, event LIMIT 1000`
	);
	const topEvents = byEvent.slice(0, 20).map((r) => ({ event: r.event, count: r.count, users: r.users }));
	const eventNames = byEvent.map((r) => r.event);
	const roles = new Map<string, keyof DatasetSpec['columns']>();
	for (const [role, col] of Object.entries(dataset.columns)) {
		if (col) roles.set(col, role as keyof DatasetSpec['columns']);
	}
	const columns: ColumnSummary[] = loaded.columns.map((c) => ({
		name: c.name,
		type: c.type,
		nullRate: c.rows ? (c.nulls ?? 0) / c.rows : 0,
		distinct: null,
		role: roles.get(c.name) ?? null
	}));
	const placeholders = await placeholderCounts(duck, E, dataset.columns);
	const rejected = [...loaded.rejected, ...stats.badTimeExamples].slice(0, 20);
	return {
		files: loaded.files,
		loadedRows: stats.loadedRows,
		rows: head.rows,
		duplicates: stats.duplicates,
		filtered: stats.filtered,
		rejected: loaded.rejectedCount + stats.badTime,
		rejectedExamples: rejected,
		noUser: head.no_user,
		users: head.users ?? 0,
		events: byEvent[0]?.names ?? 0,
		firstTime: toIso(head.lo),
		lastTime: toIso(head.hi),
		dataset,
		mapping: dataset.columns,
		vendor: loaded.vendor,
		notes: [...loaded.guess.notes, ...stats.timeNotes],
		timeFormat: stats.timeFormat,
		columns,
		perDay,
		...(datesOnly ? { datesOnly: true as const } : {}),
		topEvents,
		eventNames,
		identity: stats.identity,
		placeholders
	};
}

/** Placeholder ids among the kept rows: two scans of the nearly empty `__uph` and `__aph` columns. */
async function placeholderCounts(
	duck: Database,
	E: string,
	m: DatasetSpec['columns']
): Promise<PlaceholderCount[]> {
	const roles = [
		['user', m.user, C.userPlaceholder],
		['anonymous', m.anonymous, C.anonPlaceholder]
	] as const;
	const selects = roles
		.filter(([, column]) => column)
		.map(
			([role, column, ph]) =>
				`SELECT ${literal(role)} AS "role", ${literal(column!)} AS "column", ${ident(ph)} AS "value",
				   count(*)::BIGINT AS "rows"
				 FROM ${E} WHERE ${ident(ph)} IS NOT NULL GROUP BY ${ident(ph)}`
		);
	return await duck.rows<PlaceholderCount>(
		`SELECT "column", "role", "value", "rows" FROM (${selects.join(' UNION ALL ')})
		 ORDER BY "rows" DESC, "role" DESC, "value" LIMIT 50`
	);
}
