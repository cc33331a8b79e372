/**
 * The plan of a build: the mapping in force (what the user chose, else the guess) and how the time column
 * is written, decided from the sample, then checked against counts over every row after the read.
 */
import type { Database } from '../duck.ts';
import {
	detectTimeFormat,
	naiveTimeSql,
	unreadableTimeReason,
	zoneSegments,
	type TimeFormat
} from '../time.ts';
import { missingColumnMessage } from '../../messages.ts';
import { EVENTS } from '../../sql/schema.ts';
import { VENDOR_SOURCE_TIMEZONE } from '../layout.ts';
import { ident } from '../../sql/quote.ts';
import { isTimeZone } from '../../spec/check.ts';
import { DATASET_DEFAULTS as D, defaultDedupe } from '../../spec/defaults.ts';
import type { DatasetSpec, ColumnMapping } from '../../spec/types.ts';
import { STAGE, type DatasetInput, type LoadedFiles, type Plan, type TimeCounts } from './types.ts';

/** Zone offsets are prepared this far around the sampled times; data beyond it triggers an exact rebuild. */
const ZONE_MARGIN_MS = 3 * 365 * 86_400_000;

/** The mapping in force: what the user chose, else the guess. */
export function resolveDataset(input: DatasetInput, loaded: LoadedFiles): DatasetSpec {
	const guess = loaded.guess;
	const given = input.columns ?? {};
	const pick = <K extends keyof ColumnMapping>(key: K): ColumnMapping[K] =>
		(key in given ? given[key] : guess.mapping[key]) as ColumnMapping[K];
	const columns: ColumnMapping = {
		user: pick('user') ?? '',
		time: pick('time') ?? null,
		event: pick('event') ?? null,
		id: pick('id') ?? null,
		anonymous: pick('anonymous') ?? null,
		session: pick('session') ?? null
	};
	const timezone = input.timezone ?? D.timezone;
	if (!isTimeZone(timezone)) throw new Error(`"${timezone}" is not a time zone name (try Europe/London).`);
	// SEMANTICS §1: zone-less times are in the vendor's documented zone, else in the analysis zone.
	const sourceTimezone =
		input.sourceTimezone ?? (loaded.vendor && VENDOR_SOURCE_TIMEZONE[loaded.vendor]) ?? timezone;
	if (!isTimeZone(sourceTimezone))
		throw new Error(`The source time zone "${sourceTimezone}" is not a time zone name (try Europe/London).`);
	return {
		files: loaded.files.map((f) => f.name),
		format: input.format ?? D.format,
		columns,
		eventName: input.eventName ?? D.eventName,
		timeUnit: input.timeUnit ?? guess.timeUnit ?? D.timeUnit,
		dateOrder: input.dateOrder ?? D.dateOrder,
		timezone,
		sourceTimezone,
		weekStart: input.weekStart ?? D.weekStart,
		dedupe: input.dedupe ?? defaultDedupe(columns),
		filters: input.filters ?? [],
		...(input.header !== undefined ? { header: input.header } : {}),
		...(input.delimiter !== undefined ? { delimiter: input.delimiter } : {}),
		sessionGapMinutes: input.sessionGapMinutes ?? D.sessionGapMinutes
	};
}

function checkMapping(dataset: DatasetSpec, names: string[]) {
	const m = dataset.columns;
	if (!m.user) {
		throw new Error(
			'No user column was found. Pick the column that identifies a user (for example user_id) in the mapping panel.'
		);
	}
	for (const [role, col] of Object.entries(m)) {
		if (col && !names.includes(col)) {
			throw new Error(
				`The ${role} column "${col}" is not in the file. Its columns are: ${names.slice(0, 30).join(', ')}.`
			);
		}
	}
	for (const [i, f] of (dataset.filters ?? []).entries()) {
		if (!names.includes(f.column))
			throw new Error(missingColumnMessage(f.column, `dataset.filters[${i}]`, names));
	}
}

export async function makePlan(
	duck: Database,
	loaded: LoadedFiles,
	input: DatasetInput,
	names: string[],
	fixed: { timeFormat?: TimeFormat; range?: [number, number] } = {}
): Promise<Plan> {
	const dataset = resolveDataset(input, loaded);
	checkMapping(dataset, names);
	const m = dataset.columns;
	if (dataset.dedupe === 'id' && !m.id) {
		throw new Error('Dedupe by id needs an event id column; pick one or choose another dedupe mode.');
	}
	if (!m.time) return { dataset, timeFormat: null, segs: [], sourceSegs: [], covered: null, timeNotes: [] };
	const timeFormat =
		fixed.timeFormat ??
		(await detectTimeFormat(
			duck,
			loaded.sample,
			m.time,
			dataset.timeUnit ?? D.timeUnit,
			dataset.dateOrder ?? D.dateOrder
		));
	const tz = dataset.timezone ?? D.timezone;
	const source = dataset.sourceTimezone ?? tz;
	const utc = (zone: string) => zone === 'UTC' || zone === 'Etc/UTC';
	// In UTC the offsets are the same over any range: the times of the first rows are not needed.
	let range = fixed.range ?? (utc(tz) && utc(source) ? ([0, 0] as [number, number]) : undefined);
	if (!range) {
		const r = (
			await duck.rows<{ lo: number | null; hi: number | null }>(
				`SELECT epoch_ms(min(t)) AS lo, epoch_ms(max(t)) AS hi
			 FROM (SELECT ${naiveTimeSql(ident(m.time), timeFormat)} AS t FROM ${ident(loaded.sample)})`
			)
		)[0];
		// Without a readable time in the first rows any range will do: the check after the read corrects it.
		range = [Number(r.lo ?? 0), Number(r.hi ?? 0)];
	}
	const covered: [number, number] = [range[0] - ZONE_MARGIN_MS, range[1] + ZONE_MARGIN_MS];
	const segs = zoneSegments(tz, covered[0], covered[1]);
	return {
		dataset,
		timeFormat,
		segs,
		sourceSegs: source === tz ? segs : zoneSegments(source, covered[0], covered[1]),
		covered: utc(tz) && utc(source) ? null : covered,
		timeNotes: []
	};
}

const sameDataset = (a: DatasetSpec, b: DatasetSpec) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What the read showed that the first rows did not: a mapping that counts over all rows change, or times
 * beyond the prepared zone offsets (the time format is settled from every row by settleTimes, before).
 * Returns the plan to rebuild with, or null when the read stands.
 */
export async function recheck(
	duck: Database,
	plan: Plan,
	loaded: LoadedFiles,
	input: DatasetInput,
	names: string[],
	times: TimeCounts
): Promise<Plan | null> {
	const dataset = resolveDataset(input, loaded);
	if (!sameDataset(dataset, plan.dataset)) return await makePlan(duck, loaded, input, names);
	const m = dataset.columns;
	if (!m.time || !plan.timeFormat) return null;
	if (times.lo == null || times.hi == null) {
		const [first] = await duck.rows<{ v: string }>(
			`SELECT CAST(${ident(m.time)} AS VARCHAR) AS v FROM ${ident(EVENTS + STAGE)} WHERE ${ident(m.time)} IS NOT NULL LIMIT 1`
		);
		const example = first
			? ` The first, "${first.v.slice(0, 60)}", ${unreadableTimeReason(first.v, plan.timeFormat)}.`
			: '';
		throw new Error(
			`No value of the time column "${m.time}" could be read as a time.${example} Pick another time column, or set the time unit (s, ms, µs) if it holds numbers.`
		);
	}
	const c = plan.covered;
	if (c && (times.lo < c[0] + 2 * 86_400_000 || times.hi > c[1] - 2 * 86_400_000)) {
		return await makePlan(duck, loaded, input, names, {
			timeFormat: plan.timeFormat,
			range: [times.lo, times.hi]
		});
	}
	return null;
}
