// SQL in spec fields and absurd spec numbers, run with `footfall run SPEC.json`.
import {
	bytes,
	csv,
	type Cohorts,
	type HostileFile,
	type HostileInput,
	noise,
	quoted,
	utf8
} from '../make.ts';

const EVIL = `'); COPY (SELECT 1) TO 'hostile-spec.csv'; --`;
const EVIL2 = `" OR 1=1 --`;
const BAD_COLUMN = `x"; DROP TABLE events; --`;

/**
 * Seven events of four users, weeks starting on Monday, in UTC: a starts on Mon 6 Jan and returns on 14 Jan
 * (week 1); b starts on 7 Jan and returns on 21 Jan (week 2); c starts on 13 Jan and returns on 15 Jan
 * (its own week 0); d does only `other`, on 20 Jan. The last event is on 21 Jan.
 */
const DATA: HostileFile = {
	name: 'data.csv',
	bytes: utf8(
		csv(`user,time,event,plan,${quoted(BAD_COLUMN)}`, [
			`a,2025-01-06T10:00:00Z,${quoted(EVIL)},free,p1`,
			`a,2025-01-14T10:00:00Z,${quoted(EVIL2)},free,p1`,
			`b,2025-01-07T10:00:00Z,${quoted(EVIL)},pro,p2`,
			`b,2025-01-21T10:00:00Z,${quoted(EVIL2)},pro,p2`,
			`c,2025-01-13T09:00:00Z,${quoted(EVIL)},free,p1`,
			`c,2025-01-15T09:00:00Z,${quoted(EVIL2)},free,p1`,
			`d,2025-01-20T12:00:00Z,other,pro,p2`
		])
	)
};

const columns = { user: 'user', time: 'time', event: 'event' };
const dataset = (more: Record<string, unknown> = {}) => ({ files: ['data.csv'], columns, ...more });
const analysis = (more: Record<string, unknown> = {}) => ({
	kind: 'retention',
	startEvent: EVIL,
	returnEvent: EVIL2,
	period: 'week',
	periods: 3,
	...more
});

/**
 * By hand (SEMANTICS §2): cohort 6 Jan holds a and b; a returns in week 1, b in week 2. Cohort 13 Jan holds
 * c, who does not return in week 1; its week 2 (from 27 Jan) starts after the last event: unobserved.
 */
const BASE: Cohorts = {
	cohorts: [
		{ cohort: '2025-01-06', size: 2, values: [2, 1, 1] },
		{ cohort: '2025-01-13', size: 1, values: [1, 0, null] }
	]
};

interface SpecCase {
	name: string;
	kind: 'spec-sql' | 'spec-numbers';
	spec: string | Uint8Array | Record<string, unknown>;
	expect: HostileInput['expect'];
	why?: string;
}

const toInput = (c: SpecCase): HostileInput => ({
	name: c.name,
	kind: c.kind,
	files: [DATA],
	spec: typeof c.spec === 'string' || c.spec instanceof Uint8Array ? c.spec : JSON.stringify(c.spec, null, 2),
	expect: c.expect,
	why: c.why
});

const runs = (more: Record<string, unknown>, data = dataset()) => ({
	dataset: data,
	analysis: analysis(more)
});
const field = (path: string, re: RegExp) => ({ fails: re, names: path });

function sqlInFields(): SpecCase[] {
	const K = 'spec-sql' as const;
	return [
		{ name: 'SQL as the start and return events', kind: K, spec: runs({}), expect: { runs: BASE } },
		{
			name: 'SQL as the breakdown column, which the data has',
			kind: K,
			spec: runs({ breakdown: BAD_COLUMN }),
			expect: { runs: BASE },
			why: 'the column is in the data: the breakdown runs and the overall cohorts are unchanged'
		},
		{
			name: 'SQL as a breakdown column the data lacks',
			kind: K,
			spec: runs({ breakdown: `nope") FROM events; --` }),
			expect: field('analysis.breakdown', /not in the data/)
		},
		{
			name: 'SQL as a where column',
			kind: K,
			spec: runs({
				startEvent: { event: EVIL, where: [{ column: `plan' OR 1=1 --`, op: '=', value: 'free' }] }
			}),
			expect: field('analysis.startEvent.where[0]', /not in the data/)
		},
		{
			name: 'SQL as a where value',
			kind: K,
			spec: runs({
				startEvent: { event: EVIL, where: [{ column: 'plan', op: '=', value: `free' OR '1'='1` }] }
			}),
			expect: { runs: { cohorts: [] } },
			why: 'no row has that plan: no user starts, so there is no cohort'
		},
		{
			name: 'SQL as a dataset filter value',
			kind: K,
			spec: runs({}, dataset({ filters: [{ column: 'plan', op: '!=', value: `pro' OR 1=1 --` }] })),
			expect: { runs: BASE },
			why: 'no plan equals that text, so the filter keeps every row'
		},
		{
			name: 'SQL as the event name of a file without event column',
			kind: K,
			spec: runs(
				{ returnEvent: null },
				dataset({ columns: { user: 'user', time: 'time', event: null }, eventName: EVIL })
			),
			expect: {
				runs: {
					cohorts: [
						{ cohort: '2025-01-06', size: 2, values: [2, 1, 1] },
						{ cohort: '2025-01-13', size: 1, values: [1, 0, null] },
						{ cohort: '2025-01-20', size: 1, values: [1, null, null] }
					]
				}
			},
			why: 'every row is then that event: d joins as the 20 Jan cohort, whose later weeks are unobserved'
		},
		{
			name: 'SQL as the time zone',
			kind: K,
			spec: runs({}, dataset({ timezone: `UTC'; DROP TABLE events; --` })),
			expect: field('dataset.timezone', /IANA time zone/)
		},
		{
			name: 'SQL as the user column',
			kind: K,
			spec: runs({}, dataset({ columns: { ...columns, user: `user'); DROP TABLE events; --` } })),
			expect: field(`user'); DROP TABLE events; --`, /is not in the file/)
		},
		{
			name: 'a data file outside any real folder',
			kind: K,
			spec: runs({}, dataset({ files: ['../../../../no/such/dir/x.csv'] })),
			expect: field('x.csv', /no such file/)
		},
		{
			name: 'a quote as the delimiter',
			kind: K,
			spec: runs({}, dataset({ delimiter: "'" })),
			expect: field('user', /not in the data|no readable rows|column/i)
		},
		{
			name: 'a spec saved with a byte order mark',
			kind: K,
			spec: '\ufeff' + JSON.stringify(runs({})),
			expect: { runs: BASE }
		},
		{
			name: 'a __proto__ key in the spec',
			kind: K,
			spec: `{"__proto__":{"polluted":1},${JSON.stringify(runs({})).slice(1)}`,
			expect: field('__proto__', /not a known field/)
		},
		{
			name: 'a spec that is binary',
			kind: K,
			spec: bytes(noise(300, 41)),
			expect: field('spec.json', /not valid JSON/)
		},
		{
			name: 'a start event of a million characters',
			kind: K,
			spec: runs({ startEvent: 'x'.repeat(1_000_000) }),
			expect: { runs: { cohorts: [] } }
		}
	];
}

function absurdNumbers(): SpecCase[] {
	const K = 'spec-numbers' as const;
	const periods = (v: unknown) =>
		field(
			'analysis.periods',
			new RegExp(`whole number from 1 to 400, got ${String(v).replace(/[.+]/g, '\\$&')}`)
		);
	const gap = field('dataset.sessionGapMinutes', /above 0/);
	const nulls = (n: number) => Array<null>(n).fill(null);
	return [
		{ name: 'periods: a billion', kind: K, spec: runs({ periods: 1e9 }), expect: periods(1000000000) },
		{ name: 'periods: -1', kind: K, spec: runs({ periods: -1 }), expect: periods(-1) },
		{ name: 'periods: 0', kind: K, spec: runs({ periods: 0 }), expect: periods(0) },
		{ name: 'periods: 2.5', kind: K, spec: runs({ periods: 2.5 }), expect: periods(2.5) },
		{ name: 'periods: "12" as text', kind: K, spec: runs({ periods: '12' }), expect: periods('"12"') },
		{
			name: 'periods: 1e400 (Infinity once parsed)',
			kind: K,
			spec: JSON.stringify(runs({})).replace('"periods":3', '"periods":1e400'),
			expect: periods('null')
		},
		{ name: 'periods: 1e308', kind: K, spec: runs({ periods: 1e308 }), expect: periods('1e+308') },
		{
			name: 'periods: 400, the most',
			kind: K,
			spec: runs({ periods: 400 }),
			expect: {
				runs: {
					cohorts: [
						{ cohort: '2025-01-06', size: 2, values: [2, 1, 1, ...nulls(397)] },
						{ cohort: '2025-01-13', size: 1, values: [1, 0, ...nulls(398)] }
					]
				}
			}
		},
		{
			name: 'periods: 1',
			kind: K,
			spec: runs({ periods: 1 }),
			expect: {
				runs: {
					cohorts: [
						{ cohort: '2025-01-06', size: 2, values: [2] },
						{ cohort: '2025-01-13', size: 1, values: [1] }
					]
				}
			}
		},
		{ name: 'sessionGapMinutes: 0', kind: K, spec: runs({}, dataset({ sessionGapMinutes: 0 })), expect: gap },
		{
			name: 'sessionGapMinutes: -5',
			kind: K,
			spec: runs({}, dataset({ sessionGapMinutes: -5 })),
			expect: gap
		},
		{
			name: 'sessionGapMinutes: a trillion',
			kind: K,
			spec: runs({}, dataset({ sessionGapMinutes: 1e12 })),
			expect: gap
		},
		{
			name: 'sessionGapMinutes: 1e-300',
			kind: K,
			spec: runs({}, dataset({ sessionGapMinutes: 1e-300 })),
			expect: { runs: BASE },
			why: 'above 0 is allowed; retention does not use sessions'
		}
	];
}

export const specs = (): HostileInput[] => [...sqlInFields(), ...absurdNumbers()].map(toInput);
