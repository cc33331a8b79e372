/**
 * Times as written, read into UTC instants and bucketed in the analysis zone. The parts, in time/:
 * - zones.ts: a zone's UTC offsets from Intl (DuckDB-WASM here has no ICU), as segments;
 * - zone-sql.ts: wall clock <-> UTC in SQL over those segments;
 * - format.ts: how a column is written (`TimeFormat`) and the patterns of each spelling;
 * - parse-sql.ts: SQL reading each value by its own form, in the one read of every row;
 * - detect.ts: the count over a column's values that decides its format (first rows, then every row);
 * - explain.ts: the report's notes on a mixed or ambiguous column, and why a value was rejected.
 *
 * Ingest decides the format from the first rows, finds the time range with `naiveTimeSql`, prepares
 * `zoneSegments` of the source zone (zone-less times) and of the analysis zone (`__local`), reads every row
 * with `utcTimeSql` (-> `__time`) and `utcToLocalSql` (-> `__local`), then counts every value with
 * `timeEvidence` and corrects the rows a different decision reads differently.
 */
export { zoneSegments, type ZoneSegment } from './time/zones.ts';
export { localToUtcSql, utcToLocalSql } from './time/zone-sql.ts';
export {
	readingOf,
	unitForMagnitude,
	type DateOrder,
	type EpochUnit,
	type TimeFormat,
	type TimeMix
} from './time/format.ts';
export { naiveTimeSql, utcTimeSql } from './time/parse-sql.ts';
export {
	columnType,
	decideTimeFormat,
	detectTimeFormat,
	timeEvidence,
	typedFormat,
	type TimeEvidence,
	type TimeGiven
} from './time/detect.ts';
export { timeNotes, unreadableTimeReason } from './time/explain.ts';
