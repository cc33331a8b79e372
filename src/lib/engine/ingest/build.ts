/**
 * The one read of every row into the staged `events` table, the canonical columns computed on the way.
 */
import { CancelledError, isOutOfMemory, type Duck } from '../duck.ts';
import { csvErrorMessage } from '../formats/csv.ts';
import { utcTimeSql, utcToLocalSql } from '../time.ts';
import { ident, literal } from '../../sql/quote.ts';
import { C, EVENTS } from '../schema.ts';
import { STAGE, type IngestOptions, type LoadedFiles, type Part, type Plan } from './types.ts';

/** The read into `events`, with bytes read reported as progress on the first read of CSV files. */
export async function readInto(
	duck: Duck,
	from: string,
	plan: Plan,
	loaded: LoadedFiles,
	parts: Part[],
	opts: IngestOptions
) {
	const csv = parts.filter((p) => p.csv);
	const bytesTotal = csv.reduce((n, p) => n + p.source.size, 0);
	const ends = new Map<number, number>();
	const unhook =
		csv.length > 0
			? duck.files.onRead((fileId, end) => {
					ends.set(fileId, Math.max(ends.get(fileId) ?? 0, end));
					let bytesRead = 0;
					for (const e of ends.values()) bytesRead += e;
					opts.onProgress?.({
						phase: 'reading',
						file: csv.length === 1 ? csv[0].source.name : `${csv.length} files`,
						bytesRead: Math.min(bytesRead, bytesTotal),
						bytesTotal
					});
				})
			: () => {};
	try {
		await createEvents(duck, from, plan, loaded, opts);
	} catch (e) {
		if (csv.length === 1 && parts.length === 1 && !(e instanceof CancelledError) && !isOutOfMemory(e))
			throw new Error(csvErrorMessage(csv[0].source.name, e), { cause: e });
		throw e;
	} finally {
		unhook();
	}
}

/** SQL turning a user id as exported into text: `17850.0` (a float column) becomes `17850`. */
function userIdSql(col: string, type: string): string {
	const c = ident(col);
	if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) {
		return `CASE WHEN ${c} = trunc(${c}) AND abs(${c}) < 9e15 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`;
	}
	// No trim(): it costs about half a second per million values in WASM, and exports do not pad ids.
	if (type === 'VARCHAR') return `NULLIF(${c}, '')`;
	return `CAST(${c} AS VARCHAR)`;
}

function textSql(col: string | null | undefined): string {
	return col ? `NULLIF(CAST(${ident(col)} AS VARCHAR), '')` : 'NULL::VARCHAR';
}

/**
 * The one read of every row: each row parsed once into the canonical columns, next to its original
 * columns. `__ukey` is filled in later, once the users are known.
 *
 * Nothing is stored twice, which is what lets ten million rows fit in the browser's memory: `__id` and
 * `__anon` are virtual columns over the original id and anonymous id columns, `__local` is a virtual copy
 * of `__time` in UTC, and without an anonymous id the original user column is a virtual column over
 * `__user` (the same values, cast back to the column's type). `__file` is an ENUM.
 */
async function createEvents(duck: Duck, from: string, plan: Plan, loaded: LoadedFiles, opts: IngestOptions) {
	const { dataset, timeFormat, segs, sourceSegs } = plan;
	const m = dataset.columns;
	const types = new Map(loaded.columns.map((c) => [c.name, c.type]));
	const timeSql =
		m.time && timeFormat ? utcTimeSql(ident(m.time), timeFormat, sourceSegs) : 'NULL::TIMESTAMP';
	const localSql = m.time ? utcToLocalSql(ident(C.time), segs) : 'NULL::TIMESTAMP';
	const eventSql = m.event
		? `coalesce(${textSql(m.event)}, '(no name)')`
		: literal(dataset.eventName ?? 'event');
	const userSql = userIdSql(m.user, types.get(m.user) ?? 'VARCHAR');
	const anonSql = m.anonymous ? userIdSql(m.anonymous, types.get(m.anonymous) ?? 'VARCHAR') : 'NULL::VARCHAR';
	const fileNames = [...new Set(loaded.files.map((f) => f.name))];
	// Without identity resolution `__user` is the user column as text, so the column can be read back from it
	// (a virtual column cannot feed another, hence not when it is also the id column).
	const virtualUser = !m.anonymous && m.id !== m.user;
	const [row, file, user, ukey, time, local, event] = [
		C.row,
		C.file,
		C.user,
		C.ukey,
		C.time,
		C.local,
		C.event
	].map(ident);
	// In UTC (one zone segment at offset 0) the wall clock is the UTC time itself.
	const utcWall = segs.length === 1 && segs[0].offsetSeconds === 0;
	const virtual = (name: string, type: string, sql: string) =>
		`${ident(name)} ${type} GENERATED ALWAYS AS (${sql}) VIRTUAL`;
	const definitions = [
		`${row} BIGINT`,
		`${file} ENUM(${fileNames.map(literal).join(', ')})`,
		`${user} VARCHAR`,
		`${ukey} INTEGER`,
		`${time} TIMESTAMP`,
		utcWall ? virtual(C.local, 'TIMESTAMP', time) : `${local} TIMESTAMP`,
		`${event} VARCHAR`,
		virtual(C.id, 'VARCHAR', textSql(m.id)),
		virtual(C.anon, 'VARCHAR', anonSql),
		...loaded.columns.map((c) =>
			virtualUser && c.name === m.user
				? virtual(c.name, c.type, c.type === 'VARCHAR' ? user : `TRY_CAST(${user} AS ${c.type})`)
				: `${ident(c.name)} ${c.type}`
		)
	];
	const filled = [
		row,
		file,
		user,
		time,
		...(utcWall ? [] : [local]),
		event,
		...loaded.columns.filter((c) => !(virtualUser && c.name === m.user)).map((c) => ident(c.name))
	];
	const E = ident(EVENTS + STAGE);
	duck.exec(`CREATE TABLE ${E} (${definitions.join(', ')})`);
	await duck.execAsync(
		`INSERT INTO ${E} (${filled.join(', ')})
		 SELECT ${filled.map((c) => (c === local ? `${localSql} AS ${local}` : c)).join(', ')}
		 FROM (
		   SELECT (row_number() OVER () - 1)::BIGINT AS ${row}, ${file}, ${userSql} AS ${user}, ${timeSql} AS ${time},
		     ${eventSql} AS ${event}, * EXCLUDE (${file})
		   FROM ${from}
		 )`,
		opts
	);
}
