/**
 * The layout of an export no vendor rule knows: each role (user, anonymous id, time, event, event id,
 * session) by its column's name, then by its values. Pure.
 */
import { allDistinct, isIdentity, isIdLike, isText, repeatsALot, timeFormat, firstValue } from './columns.ts';
import type { ColumnInfo, Columns, TimeFormat } from './columns.ts';
import type { Draft } from './vendors.ts';

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

/** The draft layout of `cols` by names, then values; its `notes` say why each column got its role. */
export function genericLayout(cols: Columns): Draft {
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
