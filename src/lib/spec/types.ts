/**
 * Spec types shared by every analysis: the JSON contract of docs/SEMANTICS.md. Field names here are the
 * contract; fields may be added, never renamed. `check.ts` and `dataset.ts` check unknown input against
 * these shapes; `defaults.ts` fills defaults. Each analysis's own spec type lives in its folder.
 */

export type Scalar = string | number | boolean | null;

export type FilterOp =
	| '='
	| '!='
	| '>'
	| '>='
	| '<'
	| '<='
	| 'in'
	| 'not_in'
	| 'contains'
	| 'starts_with'
	| 'not_null'
	| 'is_null';

export interface RowFilter {
	column: string;
	op: FilterOp;
	value?: Scalar | Scalar[];
}

export type FileFormat = 'auto' | 'csv' | 'tsv' | 'parquet' | 'json' | 'jsonl';
export type TimeUnit = 'auto' | 's' | 'ms' | 'us';
export type DedupeMode = 'id' | 'row' | 'none';
export type WeekStart = 'monday' | 'sunday';
/** How day/month dates (`03/02/2025`) are read: `dmy` day-first, `mdy` month-first, `auto` by evidence. */
export type DateOrderOption = 'auto' | 'dmy' | 'mdy';

export interface ColumnMapping {
	user: string;
	time?: string | null;
	event?: string | null;
	id?: string | null;
	anonymous?: string | null;
	/** The export's own session id column; sessions are then taken from it instead of the gap rule. */
	session?: string | null;
}

export interface DatasetSpec {
	files: string[];
	format?: FileFormat;
	columns: ColumnMapping;
	/** Event name used when `columns.event` is null. */
	eventName?: string;
	timeUnit?: TimeUnit;
	/** IANA zone of all calendar bucketing (day, week, month, hour of day): `__local`. */
	timezone?: string;
	/**
	 * IANA zone in which times written without a zone are read (SEMANTICS §1). Left out, ingest takes UTC for
	 * layouts whose vendor documents zone-less times as UTC (Amplitude, Snowplow, Segment), else `timezone`;
	 * the report's dataset always carries the zone used. Zoned times and epochs ignore it.
	 */
	sourceTimezone?: string;
	/**
	 * Day/month dates: `auto` reads each by its own evidence (a field over 12 is the day) and the ambiguous
	 * ones in the order most of the column proves; `dmy` or `mdy` reads all in that order, rejecting dates
	 * that cannot be.
	 */
	dateOrder?: DateOrderOption;
	weekStart?: WeekStart;
	dedupe?: DedupeMode;
	filters?: RowFilter[];
	/** CSV options for headerless or oddly separated files (CDNOW). */
	header?: boolean;
	delimiter?: string;
	/** Inactivity gap that splits sessions, minutes. */
	sessionGapMinutes?: number;
}

/** An event reference with optional property filters (`where`). null means any event. */
export interface EventRef {
	event: string | null;
	where?: RowFilter[];
}

export type Period = 'day' | 'week' | 'month';

/** A dataset spec with every defaulted field filled in (`withDatasetDefaults`). */
export type ResolvedDatasetSpec = DatasetSpec &
	Required<
		Pick<
			DatasetSpec,
			| 'format'
			| 'eventName'
			| 'timeUnit'
			| 'dateOrder'
			| 'timezone'
			| 'weekStart'
			| 'dedupe'
			| 'filters'
			| 'sessionGapMinutes'
		>
	>;
