/**
 * The six export layouts Footfall knows by their column names (SEMANTICS §1): PostHog, Mixpanel, Amplitude,
 * Segment, GA4 (BigQuery) and Snowplow, each rule demanding columns the others do not have. Pure.
 */
import type { ColumnMapping, DedupeMode, TimeUnit } from '../../spec/types.ts';
import { mostlyPresent, type Columns } from './columns.ts';

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

/** A layout as a rule or the generic guess drafts it; `detectLayout` fills in the rest. */
export interface Draft {
	vendor: Vendor | null;
	mapping: ColumnMapping;
	timeUnit: TimeUnit;
	notes: string[];
	dedupe?: DedupeMode;
}

type VendorRule = (cols: Columns) => Draft | null;

function vendorNote(vendor: Vendor, names: (string | null | undefined)[]): string {
	const shown = names.filter((n): n is string => !!n);
	const label = VENDOR_LABELS[vendor];
	return `Looks like a${/^[AEIOU]/.test(label) ? 'n' : ''} ${label} export (${shown.join(', ')})`;
}

/** Checked in order; each demands columns the others do not have. */
export const VENDOR_RULES: VendorRule[] = [
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
