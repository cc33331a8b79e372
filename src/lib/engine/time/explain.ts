/**
 * What the ingest report says about a time column, in the user's words: how a mixed or ambiguous column
 * was read (`timeNotes`), and why one value could not be read (`unreadableTimeReason`). Pure.
 */
import {
	DAY_MONTH_RE,
	MAGNITUDE_WINDOW_US,
	YMD_MAX,
	YMD_MIN,
	numberReading,
	unitForMagnitude,
	type EpochUnit,
	type TimeFormat
} from './format.ts';
import type { TimeEvidence } from './detect.ts';

const UNIT_NAMES: Record<EpochUnit, string> = {
	s: 'seconds',
	ms: 'milliseconds',
	us: 'microseconds',
	ns: 'nanoseconds'
};
const ORDER_NAMES = { dmy: 'day-first', mdy: 'month-first' } as const;

const n = (x: number) => x.toLocaleString('en');
const dates = (x: number) => `${n(x)} date${x === 1 ? '' : 's'}`;
const like = (example: string | null) => (example ? ` (like ${example.trim()})` : '');

/** Sentences for the report's notes on how `column` was read; empty when there is nothing to say. */
export function timeNotes(column: string, fmt: TimeFormat, ev: TimeEvidence): string[] {
	const notes: string[] = [];
	if (fmt.kind === 'epoch' && fmt.mixed?.units) {
		const parts = Object.entries(fmt.mixed.units).map(([u, c]) => `${n(c)} in ${UNIT_NAMES[u as EpochUnit]}`);
		notes.push(
			`The time column "${column}" mixes epoch units: ${parts.join(', ')}. Each value was read in the unit its ` +
				'magnitude implies (seconds and milliseconds of real dates never overlap).'
		);
	}
	if (fmt.kind !== 'text') return notes;
	const order = fmt.order ?? 'dmy';
	const proven = order === 'dmy' ? ev.dayFirst : ev.monthFirst;
	if (fmt.orderFixed) {
		if (ev.dayFirst + ev.monthFirst + ev.eitherOrder > 0)
			notes.push(`Dates in "${column}" were read ${ORDER_NAMES[order]}, as the date order setting says.`);
	} else if (ev.dayFirst > 0 && ev.monthFirst > 0) {
		notes.push(
			`The time column "${column}" mixes date orders: ${dates(ev.dayFirst)} can only be day-first` +
				`${like(ev.dayFirstExample)} and ${dates(ev.monthFirst)} only month-first${like(ev.monthFirstExample)}. ` +
				`Each was read the only way it can be, and dates that could be either (${n(ev.eitherOrder)}) were read ` +
				`${ORDER_NAMES[order]}, as most of the column is.`
		);
	} else if (proven > 0) {
		const example = order === 'dmy' ? ev.dayFirstExample : ev.monthFirstExample;
		notes.push(
			`Dates in "${column}" are ${ORDER_NAMES[order]}: ${dates(proven)}${like(example)} can only be read that way.`
		);
	} else if (ev.eitherOrder > 0) {
		notes.push(
			`No date in "${column}" shows whether it is day-first or month-first${like(ev.eitherExample)}: ` +
				'they were read day-first. If the file is month-first, set the date order in the mapping panel.'
		);
	}
	if (fmt.mixed?.units) {
		const parts = Object.entries(fmt.mixed.units).map(([u, c]) => `${n(c)} in ${UNIT_NAMES[u as EpochUnit]}`);
		notes.push(
			`Epoch numbers in "${column}" mix units (${parts.join(', ')}); each was read by its own magnitude.`
		);
	}
	if (fmt.mixed?.numbers) {
		notes.push(
			`The time column "${column}" mixes written times and ${n(fmt.mixed.numbers)} epoch numbers; each value ` +
				'was read by its own form.'
		);
	}
	return notes;
}

const DAY_MONTH = new RegExp(DAY_MONTH_RE);
const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
/** Year 9999 in seconds: an epoch beyond it in every unit is no time. */
const MAX_S = 253402300799;

/** Why a number is no time under `fmt`, or null when it should have been read. */
function numberReason(x: number, fmt: TimeFormat): string | null {
	if (!Number.isFinite(x)) return 'is not a finite number';
	if (fmt.kind === 'yyyymmdd')
		return Number.isInteger(x) && x >= YMD_MIN && x <= YMD_MAX
			? 'is not a calendar date written YYYYMMDD'
			: `is not a date written YYYYMMDD from ${YMD_MIN} to ${YMD_MAX}`;
	const reading = numberReading(fmt);
	const unit = reading.unit ?? unitForMagnitude(Math.abs(x));
	const seconds = x / { s: 1, ms: 1e3, us: 1e6, ns: 1e9 }[unit];
	const why = reading.unit ? `the unit of the rest of the column` : 'as its size implies';
	if (Math.abs(seconds) > MAX_S) {
		if (!reading.window) return `is an epoch in ${UNIT_NAMES[unit]} after the year 9999`;
		return reading.unit
			? `is after the year 9999 when read in ${UNIT_NAMES[unit]}, ${why}`
			: 'is too large to be an epoch time in any unit (seconds to nanoseconds)';
	}
	const [lo, hi] = MAGNITUDE_WINDOW_US;
	if (!reading.window || (seconds * 1e6 >= lo && seconds * 1e6 < hi)) return null;
	const year = new Date(seconds * 1000).getUTCFullYear();
	return (
		`is the year ${year} when read in ${UNIT_NAMES[unit]}, ${why} (epochs are read from 1900 to 2199 unless ` +
		'a time unit is set)'
	);
}

/** Why a day/month date is no time, or null when it should have been read. */
function dayMonthReason(m: RegExpExecArray, fmt: TimeFormat): string | null {
	const [a, b] = [Number(m[1]), Number(m[3])];
	const order = fmt.kind === 'text' ? (fmt.order ?? 'dmy') : 'dmy';
	const fixed = fmt.kind === 'text' && fmt.orderFixed;
	if (m[2] !== m[4]) return 'mixes date separators';
	if (m[5].length === 2 && m[2] === '-')
		return 'has a two-digit year after dashes, which could be year-first (25-01-06): write the year in full';
	if (a > 12 && b > 12) return 'is neither day-first nor month-first: both its first fields are over 12';
	if (fixed && (order === 'dmy' ? b > 12 : a > 12))
		return `is not a ${order === 'dmy' ? 'day-first' : 'month-first'} date, the order the date order setting gives`;
	const dayFirst = fixed ? order === 'dmy' : a > 12 || (b <= 12 && order === 'dmy');
	const [day, month] = dayFirst ? [a, b] : [b, a];
	const year = m[5].length === 2 ? Number(m[5]) + (Number(m[5]) < 69 ? 2000 : 1900) : Number(m[5]);
	if (day < 1 || month < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
		return `is not a calendar date (read ${dayFirst ? 'day-first' : 'month-first'})`;
	const [h, mi, s] = (m[6] ?? '0:00').split(':').map(Number);
	if (m[7] ? h < 1 || h > 12 : h > 24) return 'has no such hour';
	if (mi > 59) return 'has no such minute';
	if (s !== undefined && s >= 60) return 'has no such second';
	return null;
}

/**
 * Why `raw` (a value of the time column, as text) could not be read under `fmt`: a phrase to follow the
 * quoted value, as in `"1e300" is too large to be an epoch time in any unit`.
 */
export function unreadableTimeReason(raw: string, fmt: TimeFormat | null): string {
	const v = raw.trim();
	if (v === '') return 'is empty';
	const general =
		'is not a time Footfall can read (it reads ISO 8601 like 2025-01-06T10:00:00Z, day/month dates ' +
		'like 06/01/2025 10:00 or 1/6/2025 1:05 PM, YYYYMMDD, and epoch numbers)';
	if (!fmt) return general;
	if (NUMBER.test(v)) return numberReason(Number(v), fmt) ?? general;
	const m = DAY_MONTH.exec(v);
	if (m && fmt.kind === 'text') return dayMonthReason(m, fmt) ?? general;
	if (fmt.kind === 'epoch' || fmt.kind === 'yyyymmdd')
		return `is not a number, and the other values of the column are ${fmt.kind === 'epoch' ? 'epoch numbers' : 'YYYYMMDD dates'}`;
	return general;
}
