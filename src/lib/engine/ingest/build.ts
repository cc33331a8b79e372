/**
 * The one read of every row into the staged `events` table, the canonical columns computed on the way.
 */
import { CancelledError, isOutOfMemory, type Database } from '../duck.ts';
import { csvErrorMessage } from '../formats/csv.ts';
import { withFileNames } from '../formats/csv-errors.ts';
import { stopWatching } from './sources.ts';
import { utcTimeSql, utcToLocalSql } from '../time.ts';
import { ident, literal } from '../../sql/quote.ts';
import { placeholderSql } from '../../sql/placeholders.ts';
import { DATASET_DEFAULTS } from '../../spec/defaults.ts';
import { C, EVENTS } from '../../sql/schema.ts';
import { columnType, identityColumns, stripsIntFloat, userColumnIsVirtual } from './typing.ts';
import { STAGE, type IngestOptions, type LoadedFiles, type Part, type Plan } from './types.ts';

/** The read into `events`, with bytes read reported as progress on the first read of CSV files. */
export async function readInto(
	duck: Database,
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
			? duck.files.onRead((fileId, at, chunk) => {
					const end = at + chunk.length;
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
		// Each file's bytes were watched for long lines as DuckDB read them; the scan runs where that cannot tell.
		stopWatching(csv);
		for (const { text } of csv) {
			const d = text?.deferredScan;
			if (d) text.scan = Promise.resolve(d.watch.result(d.bytes) ?? d.run());
		}
	} catch (e) {
		if (e instanceof CancelledError || isOutOfMemory(e)) throw e;
		if (csv.length === 1 && parts.length === 1)
			throw new Error(csvErrorMessage(csv[0].source.name, e), { cause: e });
		const names = loaded.files.map((f) => f.name);
		throw new Error(withFileNames(e instanceof Error ? e.message : String(e), names), { cause: e });
	} finally {
		unhook();
		stopWatching(csv);
	}
}

/**
 * SQL turning a user or anonymous id as exported into text. Read from delimited text it is the text as
 * written, but for an export that wrote every id as an integer with `.0` (ingest/typing.ts): `17850.0`
 * becomes `17850`. From a typed file a float column's whole numbers lose their fraction too. Empty text
 * stays: it is a placeholder (placeholders.ts), which the read sets aside.
 */
function userIdSql(col: string, type: string, fromText: boolean, intFloat: boolean): string {
	const c = ident(col);
	if (fromText) {
		// No trim(): it costs about half a second per million values in WASM, and exports do not pad ids.
		return intFloat ? `CASE WHEN suffix(${c}, '.0') THEN left(${c}, length(${c}) - 2) ELSE ${c} END` : c;
	}
	if (/^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(type)) {
		return `CASE WHEN ${c} = trunc(${c}) AND abs(${c}) < 9e15 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`;
	}
	// No trim(): it costs about half a second per million values in WASM, and exports do not pad ids.
	if (type === 'VARCHAR') return c;
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
 *
 * Placeholder ids (SEMANTICS §9: `NULL`, `undefined`…) are missing ids: `__user` and `__anon` are NULL there
 * and the text as written is kept in `__uph` / `__aph` (NULL elsewhere, so nearly free), for the report's
 * counts and so that the user column still reads as written.
 */
async function createEvents(
	duck: Database,
	from: string,
	plan: Plan,
	loaded: LoadedFiles,
	opts: IngestOptions
) {
	const { dataset, timeFormat, segs, sourceSegs } = plan;
	const m = dataset.columns;
	const identity = identityColumns(dataset);
	const types = new Map(loaded.columns.map((c) => [c.name, columnType(loaded, identity, c.name, c.type)]));
	const fromText = (col: string) => Boolean(loaded.text?.[col]);
	const timeSql =
		m.time && timeFormat ? utcTimeSql(ident(m.time), timeFormat, sourceSegs) : 'NULL::TIMESTAMP';
	const localSql = m.time ? utcToLocalSql(ident(C.time), segs) : 'NULL::TIMESTAMP';
	const eventSql = m.event
		? `coalesce(${textSql(m.event)}, '(no name)')`
		: literal(dataset.eventName ?? DATASET_DEFAULTS.eventName);
	const idSql = (col: string) =>
		userIdSql(col, types.get(col) ?? 'VARCHAR', fromText(col), stripsIntFloat(loaded, col));
	const userText = idSql(m.user);
	const anonText = m.anonymous ? idSql(m.anonymous) : null;
	// A placeholder is kept as written: from text, the value itself (`0.0` stays `0.0`).
	const writtenSql = (col: string, text: string) => (fromText(col) ? ident(col) : text);
	const fileNames = [...new Set(loaded.files.map((f) => f.name))];
	// Without identity resolution `__user` is the user column as text, so the column can be read back from it.
	const virtualUser = userColumnIsVirtual(loaded, dataset);
	// The user column as written: the id (with its `.0` back where it was stripped), or the placeholder.
	const userBack = (type: string) => {
		const id = fromText(m.user) && stripsIntFloat(loaded, m.user) ? `${user} || '.0'` : user;
		const written = `coalesce(${id}, ${uph})`;
		return type === 'VARCHAR' ? written : `TRY_CAST(${written} AS ${type})`;
	};
	const [row, file, user, ukey, time, local, event, uph, aph] = [
		C.row,
		C.file,
		C.user,
		C.ukey,
		C.time,
		C.local,
		C.event,
		C.userPlaceholder,
		C.anonPlaceholder
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
		virtual(C.anon, 'VARCHAR', anonText ? `CASE WHEN ${aph} IS NULL THEN ${anonText} END` : 'NULL::VARCHAR'),
		`${uph} VARCHAR`,
		`${aph} VARCHAR`,
		...loaded.columns.map((c) => {
			const type = types.get(c.name)!;
			return virtualUser && c.name === m.user
				? virtual(c.name, type, userBack(type))
				: `${ident(c.name)} ${type}`;
		})
	];
	const filled = [
		row,
		file,
		user,
		time,
		...(utcWall ? [] : [local]),
		event,
		uph,
		aph,
		...loaded.columns.filter((c) => !(virtualUser && c.name === m.user)).map((c) => ident(c.name))
	];
	// The placeholder test runs once per id, a layer below the columns it decides: a placeholder's text as
	// written is never NULL, so `__uph` is set exactly where the test holds and `__user` is NULL there.
	const userIsPlaceholder = placeholderSql(userText);
	const anonIsPlaceholder = anonText ? placeholderSql(anonText) : 'FALSE';
	const E = ident(EVENTS + STAGE);
	await duck.exec(`CREATE TABLE ${E} (${definitions.join(', ')})`);
	await duck.exec(
		`INSERT INTO ${E} (${filled.join(', ')})
		 SELECT ${filled.map((c) => (c === local ? `${localSql} AS ${local}` : c)).join(', ')}
		 FROM (
		   SELECT (row_number() OVER () - 1)::BIGINT AS ${row}, ${file},
		     CASE WHEN ${uph} IS NULL THEN ${userText} END AS ${user}, ${uph}, ${aph},
		     ${timeSql} AS ${time}, ${eventSql} AS ${event}, * EXCLUDE (${file}, ${uph}, ${aph})
		   FROM (
		     SELECT CASE WHEN ${userIsPlaceholder} THEN ${writtenSql(m.user, userText)} END AS ${uph},
		       ${anonText ? `CASE WHEN ${anonIsPlaceholder} THEN ${writtenSql(m.anonymous!, anonText)} END` : 'NULL::VARCHAR'} AS ${aph}, *
		     FROM ${from}
		   )
		 )`,
		opts
	);
}
