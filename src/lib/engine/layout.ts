/**
 * Guesses the column mapping of a loaded file (SEMANTICS §1): the six known export layouts by their column
 * names, anything else by names and values. Pure: ingest gives it column names, DuckDB types and a sample;
 * the mapping screen shows `notes` and lets the user override every choice.
 */
import type { ColumnMapping, DedupeMode, TimeUnit } from '../spec/types.ts';
import { DAY_MONTH_RE } from './time/format.ts';

export interface ColumnInfo {
	name: string;
	/** DuckDB type name: VARCHAR, BIGINT, DOUBLE, TIMESTAMP, DATE… */
	type: string;
	/** Up to ~50 non-null values in file order (not de-duplicated, so repeats show). */
	sample: unknown[];
	distinct?: number;
	nulls?: number;
	rows?: number;
}

export type Vendor = 'posthog' | 'mixpanel' | 'amplitude' | 'segment' | 'ga4' | 'snowplow';

export const VENDOR_LABELS: Record<Vendor, string> = {
	posthog: 'PostHog',
	mixpanel: 'Mixpanel',
	amplitude: 'Amplitude',
	segment: 'Segment',
	ga4: 'Google Analytics 4 (BigQuery)',
	snowplow: 'Snowplow (enriched)'
};

/**
 * The zone each vendor documents for the times it writes without one (SEMANTICS §1 `sourceTimezone`):
 * Amplitude's export ("returns events timestamped in UTC", https://amplitude.com/docs/apis/analytics/export),
 * Snowplow's enriched events (every `*_tstamp` is UTC, https://docs.snowplow.io/docs/fundamentals/canonical-event/)
 * and Segment's warehouse tables (UTC, https://segment.com/docs/connections/storage/warehouses/schema/).
 * Other layouts write zones or epochs, or nothing is documented: zone-less times follow `timezone`.
 */
export const VENDOR_SOURCE_TIMEZONE: Partial<Record<Vendor, string>> = {
	amplitude: 'UTC',
	snowplow: 'UTC',
	segment: 'UTC'
};

/** How the mapped time column is written, so ingest knows how to convert it. */
export type TimeFormat = 'timestamp' | 'text' | 'epoch' | 'yyyymmdd';

export interface LayoutGuess {
	vendor: Vendor | null;
	mapping: ColumnMapping;
	timeUnit: TimeUnit;
	dedupe: DedupeMode;
	/** Human-readable reasons for each choice, shown on the mapping screen. */
	notes: string[];
	/** null when no time column was found. */
	timeFormat: TimeFormat | null;
	/** The vendor's documented zone of zone-less times (`VENDOR_SOURCE_TIMEZONE`), else null. */
	sourceTimezone: string | null;
}

export function detectLayout(columns: ColumnInfo[]): LayoutGuess {
	const cols = new Columns(columns);
	for (const rule of VENDOR_RULES) {
		const found = rule(cols);
		if (found) return finish(found, cols);
	}
	return finish(genericLayout(cols), cols);
}

interface Draft {
	vendor: Vendor | null;
	mapping: ColumnMapping;
	timeUnit: TimeUnit;
	notes: string[];
	dedupe?: DedupeMode;
}

function finish(d: Draft, cols: Columns): LayoutGuess {
	const time = d.mapping.time ? cols.get(d.mapping.time) : undefined;
	const dedupe: DedupeMode = d.dedupe ?? (d.mapping.id ? 'id' : 'none');
	const sourceTimezone = (d.vendor && VENDOR_SOURCE_TIMEZONE[d.vendor]) ?? null;
	const notes = [...d.notes];
	if (sourceTimezone && time) {
		notes.push(
			`${VENDOR_LABELS[d.vendor!]} documents ${time.name} as ${sourceTimezone} but writes no zone: such times are read as ${sourceTimezone} unless you set another source time zone`
		);
	}
	return {
		vendor: d.vendor,
		mapping: {
			user: d.mapping.user,
			time: d.mapping.time ?? null,
			event: d.mapping.event ?? null,
			id: d.mapping.id ?? null,
			anonymous: d.mapping.anonymous ?? null,
			session: d.mapping.session ?? null
		},
		timeUnit: d.timeUnit,
		dedupe,
		notes,
		timeFormat: time ? (timeFormat(time) ?? 'text') : null,
		sourceTimezone
	};
}

/** Name lookup: exact first, then ignoring case (warehouse copies upper-case Snowplow's columns). */
class Columns {
	readonly list: ColumnInfo[];
	private readonly exact = new Map<string, ColumnInfo>();
	private readonly lower = new Map<string, ColumnInfo>();
	constructor(list: ColumnInfo[]) {
		this.list = list;
		for (const c of list) {
			this.exact.set(c.name, c);
			if (!this.lower.has(c.name.toLowerCase())) this.lower.set(c.name.toLowerCase(), c);
		}
	}
	get(name: string): ColumnInfo | undefined {
		return this.exact.get(name) ?? this.lower.get(name.toLowerCase());
	}
	/** The actual name of the first of `names` present. */
	pick(...names: string[]): string | null {
		for (const n of names) {
			const c = this.get(n);
			if (c) return c.name;
		}
		return null;
	}
}

type VendorRule = (cols: Columns) => Draft | null;

function vendorNote(vendor: Vendor, names: (string | null | undefined)[]): string {
	const shown = names.filter((n): n is string => !!n);
	const label = VENDOR_LABELS[vendor];
	return `Looks like a${/^[AEIOU]/.test(label) ? 'n' : ''} ${label} export (${shown.join(', ')})`;
}

/** Checked in order; each demands columns the others do not have. */
const VENDOR_RULES: VendorRule[] = [
	function ga4(cols) {
		const anon = cols.pick('user_pseudo_id');
		const event = cols.pick('event_name');
		const time = cols.pick('event_timestamp');
		if (!anon || !event || !time) return null;
		const user = cols.pick('user_id');
		return {
			vendor: 'ga4',
			mapping: { user: user ?? anon, anonymous: user ? anon : null, event, time, id: null },
			timeUnit: 'us',
			notes: [
				vendorNote('ga4', [anon, event, time]),
				user
					? `${user} is the signed-in user; rows that only have ${anon} take the user it was seen with, or keep the device id`
					: `No user_id column: users are counted by ${anon} (a browser or app instance)`,
				`${time} is in microseconds; GA4 exports have no event id, so rows are not de-duplicated`
			]
		};
	},
	function snowplow(cols) {
		const id = cols.pick('event_id');
		const anon = cols.pick('domain_userid');
		const time = cols.pick('derived_tstamp', 'collector_tstamp');
		if (!id || !anon || !time) return null;
		const user = cols.pick('user_id');
		const event = cols.pick('event_name', 'event');
		const session = cols.pick('domain_sessionid');
		const notes = [vendorNote('snowplow', [anon, id, time, event])];
		if (time.toLowerCase() === 'collector_tstamp') {
			notes.push(
				'No derived_tstamp column: using collector_tstamp, the time the collector received the event'
			);
		}
		return {
			vendor: 'snowplow',
			mapping: { user: user ?? anon, anonymous: user ? anon : null, event, time, id, session },
			timeUnit: 'auto',
			notes
		};
	},
	function mixpanel(cols) {
		const event = cols.pick('event');
		const distinct = cols.pick('properties.distinct_id');
		const time = cols.pick('properties.time');
		if (!event || !distinct || !time) return null;
		const id = cols.pick('properties.$insert_id');
		const anon = cols.pick('properties.$device_id');
		// Simplified ID Merge exports keep each event's own distinct_id: "$device:<id>" before login, the
		// $user_id after. Mixpanel joins the two through $device_id at query time, so taking distinct_id as the
		// user would count every visitor twice and report each link as a conflict.
		// https://docs.mixpanel.com/docs/tracking-methods/id-management/identifying-users-simplified
		const signedIn = anon ? cols.pick('properties.$user_id') : null;
		const user = signedIn ?? distinct;
		const notes = [vendorNote('mixpanel', [event, distinct, time, id]), `${time} is in seconds`];
		if (signedIn) {
			notes.push(
				`${signedIn} is the signed-in user; events before login (distinct_id "$device:…") take the user their ${anon} was seen with`
			);
		} else if (anon) notes.push(`${anon} is the anonymous device id`);
		return {
			vendor: 'mixpanel',
			mapping: { user, time, event, id, anonymous: anon, session: null },
			timeUnit: 's',
			notes
		};
	},
	function amplitude(cols) {
		const event = cols.pick('event_type');
		const time = cols.pick('event_time');
		const user = cols.pick('user_id');
		const device = cols.pick('device_id');
		if (!event || !time || (!user && !device)) return null;
		const id = cols.pick('uuid', '$insert_id', 'insert_id');
		const session = cols.pick('session_id');
		const notes = [vendorNote('amplitude', [event, time, user, device, id])];
		if (user && device) notes.push(`${device} is the anonymous device id`);
		return {
			vendor: 'amplitude',
			mapping: { user: user ?? device!, anonymous: user ? device : null, event, time, id, session },
			timeUnit: 'auto',
			notes
		};
	},
	function segment(cols) {
		const event = cols.pick('event');
		const time = cols.pick('timestamp');
		const id = cols.pick('messageId', 'message_id');
		const user = cols.pick('userId', 'user_id');
		const anon = cols.pick('anonymousId', 'anonymous_id');
		if (!event || !time || !id || (!user && !anon)) return null;
		const notes = [vendorNote('segment', [user, anon, event, time, id])];
		if (cols.get('type')) notes.push('page and identify calls have no event name');
		return {
			vendor: 'segment',
			mapping: { user: user ?? anon!, anonymous: user ? anon : null, event, time, id, session: null },
			timeUnit: 'auto',
			notes
		};
	},
	function posthog(cols) {
		const distinct = cols.pick('distinct_id');
		const event = cols.pick('event');
		const time = cols.pick('timestamp');
		if (!distinct || !event || !time) return null;
		const id = cols.pick('uuid');
		const person = cols.pick('person_id');
		const session = cols.pick('$session_id', 'properties.$session_id');
		const notes = [vendorNote('posthog', [distinct, event, time, id])];
		// PostHog counts users by person: person_id already merges the distinct ids of one person.
		const usePerson = person !== null && mostlyPresent(cols.get(person)!);
		if (usePerson) notes.push(`${person} is PostHog's merged person, so it is the user (not ${distinct})`);
		return {
			vendor: 'posthog',
			mapping: { user: usePerson ? person : distinct, time, event, id, anonymous: null, session },
			timeUnit: 'auto',
			notes
		};
	}
];

function mostlyPresent(c: ColumnInfo): boolean {
	if (c.rows !== undefined && c.nulls !== undefined) return c.rows > 0 && c.nulls <= c.rows / 2;
	return c.sample.some((v) => v !== null && v !== '');
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const lastSegment = (s: string) => s.slice(s.lastIndexOf('.') + 1);

interface RoleNames {
	/** Normalised names, best first. */
	names: string[];
	/** Normalised suffixes accepted when no full name matches. */
	suffixes?: string[];
}

const USER: RoleNames = {
	names: [
		'userid',
		'user',
		'customerid',
		'customer',
		'custid',
		'customerno',
		'customernumber',
		'distinctid',
		'personid',
		'memberid',
		'member',
		'accountid',
		'account',
		'uid',
		'contactid',
		'subscriberid',
		'playerid',
		'shopperid',
		'buyerid',
		'userkey',
		'customerkey',
		'username',
		'useremail',
		'email'
	],
	suffixes: ['userid', 'customerid', 'memberid', 'accountid']
};
const ANONYMOUS: RoleNames = {
	names: [
		'anonymousid',
		'anonid',
		'anonymoususerid',
		'deviceid',
		'cookieid',
		'cookie',
		'visitorid',
		'clientid',
		'userpseudoid',
		'domainuserid',
		'browserid'
	],
	suffixes: ['anonymousid', 'deviceid']
};
const TIME: RoleNames = {
	names: [
		'timestamp',
		'time',
		'eventtime',
		'eventtimestamp',
		'datetime',
		'date',
		'ts',
		'createdat',
		'occurredat',
		'eventdate',
		'invoicedate',
		'orderdate',
		'purchasedate',
		'transactiondate',
		'timestamputc',
		'tstamp',
		'derivedtstamp',
		'collectortstamp',
		'loggedat',
		'receivedat',
		'sentat',
		'updatedat'
	],
	suffixes: ['timestamp', 'tstamp', 'time', 'datetime', 'date', 'at']
};
const EVENT: RoleNames = {
	names: ['event', 'eventname', 'eventtype', 'action', 'eventaction', 'activity', 'name', 'type']
};
/** Names that only make an event name when their values repeat a lot. */
const WEAK_EVENT = new Set(['name', 'type', 'activity']);
const ID: RoleNames = {
	names: [
		'uuid',
		'eventid',
		'messageid',
		'insertid',
		'eventuuid',
		'id',
		'logid',
		'hitid',
		'orderid',
		'orderno',
		'invoiceno',
		'invoiceid',
		'transactionid'
	]
};
const SESSION: RoleNames = {
	names: ['sessionid', 'domainsessionid', 'gasessionid', 'visitid', 'sessionkey', 'session']
};

/** Columns matching a role by name, best first: full name, then last dotted segment, then suffix. */
function byName(cols: Columns, role: RoleNames, taken: Set<string>): ColumnInfo[] {
	const free = cols.list.filter((c) => !taken.has(c.name));
	const out: ColumnInfo[] = [];
	const add = (c: ColumnInfo) => {
		if (!out.includes(c)) out.push(c);
	};
	for (const n of role.names) for (const c of free) if (norm(c.name) === n) add(c);
	for (const n of role.names) for (const c of free) if (norm(lastSegment(c.name)) === n) add(c);
	for (const s of role.suffixes ?? []) {
		for (const c of free) {
			const raw = c.name.toLowerCase();
			// 'at' only as a separate word (created_at), not the end of 'format'.
			if (s === 'at' ? /[^a-z0-9]at$/.test(raw) : norm(c.name).endsWith(s)) add(c);
		}
	}
	return out;
}

function genericLayout(cols: Columns): Draft {
	const notes: string[] = [];
	const taken = new Set<string>();
	const take = (c: ColumnInfo | undefined) => {
		if (c) taken.add(c.name);
		return c;
	};

	const anonymousNames = new Set(ANONYMOUS.names);
	let user = take(
		byName(cols, USER, taken).find((c) => !anonymousNames.has(norm(lastSegment(c.name))) && isIdentity(c))
	);
	let anon = take(byName(cols, ANONYMOUS, taken).find(isIdentity));
	if (user) notes.push(`User: ${user.name} (by its name)`);
	if (!user && anon) {
		user = anon;
		anon = undefined;
		notes.push(`User: ${user.name}, the only identity column (an anonymous or device id)`);
	}
	if (anon) notes.push(`Anonymous id: ${anon.name}; rows without ${user!.name} are linked through it`);

	let time = take(byName(cols, TIME, taken).find((c) => timeFormat(c) !== null));
	if (time) notes.push(`Time: ${time.name} (${describeTime(time)})`);
	else {
		time = take(timeByValue(cols.list.filter((c) => !taken.has(c.name))));
		if (time) notes.push(`Time: ${time.name}, because its values are ${describeTime(time)}`);
		else
			notes.push('No time column: one row per entity, usable for clustering and profiles but not over time');
	}

	const event = take(
		byName(cols, EVENT, taken).find(
			(c) => isText(c) && (!WEAK_EVENT.has(norm(lastSegment(c.name))) || repeatsALot(c))
		)
	);
	if (event) notes.push(`Event name: ${event.name}`);
	else notes.push('No event column: every row counts as one event');

	let id: ColumnInfo | undefined;
	for (const c of byName(cols, ID, taken)) {
		if (timeFormat(c) !== null) continue;
		if (allDistinct(c)) {
			id = take(c);
			notes.push(`Event id: ${c.name} (its values are unique but for repeats, which dedupe drops)`);
			break;
		}
		notes.push(`${c.name} is not an event id: its values repeat across rows`);
	}

	const session = take(byName(cols, SESSION, taken).find((c) => timeFormat(c) === null));
	if (session) notes.push(`Session id: ${session.name}`);

	if (!user) {
		user = cols.list.find((c) => !taken.has(c.name) && isIdLike(c));
		if (user)
			notes.push(`User: ${user.name}, the first column that looks like an id (no column is named like one)`);
		else {
			user = cols.list.find((c) => !taken.has(c.name)) ?? cols.list[0];
			notes.push('No column looks like a user id: pick one');
		}
	}
	return {
		vendor: null,
		mapping: {
			user: user?.name ?? '',
			time: time?.name ?? null,
			event: event?.name ?? null,
			id: id?.name ?? null,
			anonymous: anon?.name ?? null,
			session: session?.name ?? null
		},
		timeUnit: 'auto',
		notes
	};
}

/** Value-based time choice: typed timestamps, then date text, then YYYYMMDD integers, then epochs. */
function timeByValue(candidates: ColumnInfo[]): ColumnInfo | undefined {
	for (const want of ['timestamp', 'text', 'yyyymmdd', 'epoch'] as TimeFormat[]) {
		const c = candidates.find((c) => timeFormat(c) === want);
		if (c) return c;
	}
	return undefined;
}

function describeTime(c: ColumnInfo): string {
	switch (timeFormat(c)) {
		case 'timestamp':
			return `a ${c.type} column`;
		case 'yyyymmdd':
			return `YYYYMMDD dates like ${String(firstValue(c))}`;
		case 'epoch':
			return `epoch numbers like ${String(firstValue(c))}`;
		default:
			return `date text like "${String(firstValue(c))}"`;
	}
}

function firstValue(c: ColumnInfo): unknown {
	return c.sample.find((v) => v !== null && v !== undefined && v !== '');
}

function values(c: ColumnInfo): unknown[] {
	return c.sample.filter((v) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === ''));
}

function asNumber(v: unknown): number | null {
	if (typeof v === 'number') return Number.isFinite(v) ? v : null;
	if (typeof v === 'bigint') return Number(v);
	if (typeof v === 'string' && /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(v.trim())) return Number(v);
	return null;
}

const TYPED_TIME = /^(TIMESTAMP|DATE|DATETIME)/i;
const DATE_TEXT = [
	/^\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)? ?(Z|UTC|[+-]\d{2}(:?\d{2})?)?$/i,
	/^\d{4}\/\d{1,2}\/\d{1,2}( \d{1,2}:\d{2}(:\d{2})?)?$/,
	new RegExp(DAY_MONTH_RE),
	/^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}/
];

function isYyyymmdd(n: number): boolean {
	if (!Number.isInteger(n) || n < 19000101 || n > 21001231) return false;
	const y = Math.floor(n / 10000);
	const m = Math.floor(n / 100) % 100;
	const d = n % 100;
	return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Epoch seconds of 2000-01-01 and 2040-01-01: values outside are more likely counts or ids. */
const EPOCH_MIN = 946_684_800;
const EPOCH_MAX = 2_208_988_800;

/**
 * Whether `n` is an epoch time from 2000 to 2040 in seconds, milliseconds, microseconds or nanoseconds: the
 * units ingest reads (time/detect.ts). Nanoseconds were left out here, so a column of them was not taken for
 * the time column and the load went on without times.
 */
function isEpoch(n: number): boolean {
	return [1, 1e3, 1e6, 1e9].some((scale) => n >= EPOCH_MIN * scale && n < EPOCH_MAX * scale);
}

/** How the column holds times, or null when its values are not times. */
function timeFormat(c: ColumnInfo): TimeFormat | null {
	if (TYPED_TIME.test(c.type)) return 'timestamp';
	const vals = values(c);
	if (vals.length === 0) return null;
	if (vals.every((v) => v instanceof Date)) return 'timestamp';
	const nums = vals.map(asNumber).filter((n): n is number => n !== null);
	// A stray value (1e300, "n/a") among the first rows does not hide a time column: ingest rejects its row.
	if (nums.length >= vals.length * 0.9) {
		if (nums.filter(isYyyymmdd).length >= vals.length * 0.9) return 'yyyymmdd';
		// Seconds and milliseconds in one column (two SDK versions) are still epochs: ingest reads each by its magnitude.
		if (nums.filter(isEpoch).length >= vals.length * 0.9) return 'epoch';
		return null;
	}
	const texts = vals.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
	if (texts.length < vals.length * 0.9) return null;
	if (texts.filter((t) => DATE_TEXT.some((re) => re.test(t))).length >= vals.length * 0.9) return 'text';
	return null;
}

function isText(c: ColumnInfo): boolean {
	if (timeFormat(c) !== null) return false;
	const vals = values(c);
	return vals.length > 0 && vals.every((v) => typeof v === 'string' && asNumber(v) === null);
}

/** A column named like an identity is one unless its values are times or fractional measures. */
function isIdentity(c: ColumnInfo): boolean {
	if (timeFormat(c) !== null || /^BOOL/i.test(c.type)) return false;
	return values(c).every((v) => {
		const n = asNumber(v);
		return n === null || Number.isInteger(n);
	});
}

/** Integers (also written as 17850.0) or single tokens: what user and device ids look like. */
function isIdLike(c: ColumnInfo): boolean {
	if (timeFormat(c) !== null || /^BOOL/i.test(c.type)) return false;
	const vals = values(c);
	if (vals.length === 0) return /CHAR|STRING|TEXT|INT|UUID/i.test(c.type);
	return vals.every((v) => {
		const n = asNumber(v);
		if (n !== null) return Number.isInteger(n);
		return typeof v === 'string' && v.length <= 128 && !/\s/.test(v.trim());
	});
}

/**
 * Almost every value different. Not "every": exports repeat a few events (that is what dedupe by id is for),
 * and `distinct` may be an approximate count (HyperLogLog, within a few percent).
 */
function allDistinct(c: ColumnInfo): boolean {
	if (c.distinct !== undefined && c.rows !== undefined) {
		const n = c.rows - (c.nulls ?? 0);
		return n > 0 && c.distinct >= 0.9 * n;
	}
	const vals = values(c).map((v) => (typeof v === 'bigint' ? v.toString() : v));
	return vals.length >= 2 && new Set(vals).size === vals.length;
}

/** Few distinct values for many rows, as event names have. */
function repeatsALot(c: ColumnInfo): boolean {
	if (c.distinct !== undefined && c.rows !== undefined) {
		const n = c.rows - (c.nulls ?? 0);
		return n >= 4 && c.distinct <= Math.max(1, n / 4);
	}
	const vals = values(c);
	return vals.length >= 4 && new Set(vals).size <= vals.length / 4;
}
