/**
 * The heatmap spec (SEMANTICS §7): one kind with three types, `clicks` (where on a page people click),
 * `scroll` (how far down a page they get) and `activity` (events by weekday × hour). Types, defaults, checks.
 */
import { knownKeys, object, oneOf, SpecError, textOrNull, wholeNumber } from '../../spec/check.ts';
import { SCOPE_KEYS, scopeColumns, scopeOf, type Scope } from '../../spec/scope.ts';
import type { ColumnReference } from '../types.ts';

export type HeatmapType = 'clicks' | 'scroll' | 'activity';

/** How click cells are grouped: device class, viewport-width bucket, or one group `all`. */
export type HeatmapGroup = 'device' | 'viewport' | 'none';

export interface HeatmapSpec extends Scope {
	kind: 'heatmap';
	type: HeatmapType;
	/** Only rows of this event name count; null: any row (with coordinates, for clicks; a depth, for scroll). */
	event: string | null;
	/**
	 * Columns of the data. Null: guessed from the data's column names when the spec runs (columns.ts); an
	 * error names the field when no column fits. `x`, `y`: pointer position in CSS pixels from the page's top
	 * left; `viewport`: viewport width in pixels; `page`: the page URL; `device`: a device-type column
	 * (`mobile`/`tablet`/`desktop`, any case); `depth`: scroll depth in percent (or fractions 0..1).
	 */
	x: string | null;
	y: string | null;
	viewport: string | null;
	page: string | null;
	device: string | null;
	depth: string | null;
	/** Grid columns across the viewport width; cells are square (SEMANTICS §7). */
	columns: number;
	group: HeatmapGroup;
	/** One page (as normalised: `shop.example/cart`) or null for every page. */
	url: string | null;
}

export type HeatmapSpecInput = { kind: 'heatmap' } & Partial<Omit<HeatmapSpec, 'kind'>>;

export const HEATMAP_DEFAULTS = {
	type: 'clicks',
	event: null,
	x: null,
	y: null,
	viewport: null,
	page: null,
	device: null,
	depth: null,
	columns: 64,
	group: 'device',
	url: null
} as const;

/** Grid resolutions offered on screen; any whole number in [HEATMAP_MIN_COLUMNS, HEATMAP_MAX_COLUMNS] runs. */
export const HEATMAP_COLUMN_CHOICES = [16, 32, 64, 128] as const;
export const HEATMAP_MIN_COLUMNS = 4;
export const HEATMAP_MAX_COLUMNS = 256;

const COLUMN_FIELDS = ['x', 'y', 'viewport', 'page', 'device', 'depth'] as const;
const KEYS = ['kind', 'type', 'event', ...COLUMN_FIELDS, 'columns', 'group', 'url', ...SCOPE_KEYS] as const;

/** Checks a heatmap spec at `path` and returns it with every default applied. Throws `SpecError`. */
export function parseHeatmap(input: unknown, path = 'analysis'): HeatmapSpec {
	const a = object(input, path, 'a heatmap spec');
	knownKeys(a, KEYS, path, 'a heatmap spec');
	if (a.kind !== 'heatmap') throw new SpecError(`${path}.kind`, `${path}.kind must be "heatmap"`);
	const D = HEATMAP_DEFAULTS;
	const col = (k: (typeof COLUMN_FIELDS)[number]) =>
		a[k] === undefined ? D[k] : textOrNull(a[k], `${path}.${k}`);
	return {
		kind: 'heatmap',
		type: a.type === undefined ? D.type : oneOf(a.type, ['clicks', 'scroll', 'activity'], `${path}.type`),
		event: a.event === undefined ? D.event : textOrNull(a.event, `${path}.event`),
		x: col('x'),
		y: col('y'),
		viewport: col('viewport'),
		page: col('page'),
		device: col('device'),
		depth: col('depth'),
		columns:
			a.columns === undefined
				? D.columns
				: wholeNumber(a.columns, `${path}.columns`, HEATMAP_MIN_COLUMNS, HEATMAP_MAX_COLUMNS),
		group: a.group === undefined ? D.group : oneOf(a.group, ['device', 'viewport', 'none'], `${path}.group`),
		url: a.url === undefined ? D.url : textOrNull(a.url, `${path}.url`),
		...scopeOf(a, path)
	};
}

/** The data columns a heatmap spec names (guessed columns are checked when guessed). */
export function heatmapColumns(spec: HeatmapSpec): ColumnReference[] {
	const out: ColumnReference[] = [];
	for (const k of COLUMN_FIELDS) {
		const column = spec[k];
		if (column) out.push({ path: `analysis.${k}`, column });
	}
	return [...out, ...scopeColumns(spec, 'analysis')];
}

/** One weekday × hour of the activity heatmap, in the dataset's time zone (SEMANTICS §7). */
export interface ActivityCell {
	/** ISO weekday, Monday = 1 … Sunday = 7. */
	weekday: number;
	/** Hour of the local wall clock, 0-23. */
	hour: number;
	events: number;
	/** Distinct users with an event in that weekday × hour (over the whole range). */
	users: number;
}

export interface ActivityResult {
	type: 'activity';
	/** All 168 weekday × hour cells, Monday 0:00 first, zeros included. */
	cells: ActivityCell[];
}

/** One grid cell of a click heatmap: cells with clicks only. */
export interface ClickCell {
	page: string;
	/** Device class (`desktop`/`tablet`/`mobile`), viewport bucket (`1024-1279`) or `all`, by `group`. */
	group: string;
	gx: number;
	gy: number;
	clicks: number;
	/** Rage-click bursts whose first click lies in this cell. */
	rage: number;
}

/** A rage click: three or more clicks by one user on one page, close in time and space (SEMANTICS §7). */
export interface RageBurst {
	page: string;
	group: string;
	user: string;
	/** First click of the burst, ISO-8601 UTC. */
	time: string;
	/** First click's position, pixels, and its cell. */
	x: number;
	y: number;
	gx: number;
	gy: number;
	clicks: number;
}

export interface ClickResult {
	type: 'clicks';
	columns: number;
	/** Columns actually read (after guessing). */
	mapping: { x: string; y: string; viewport: string; page: string; device: string | null };
	cells: ClickCell[];
	/** Every page with clicks (whatever `url`), most clicked first. */
	pages: { page: string; clicks: number }[];
	/** Clicks counted in `cells`. */
	clicks: number;
	/** Rows with coordinates that were skipped: x < 0, y < 0, no or zero viewport, no page, unreadable number. */
	skipped: number;
	/** True when more cells had clicks than the result holds (the least clicked were left out). */
	truncated: boolean;
	rageBursts: number;
	/** The first bursts in time (at most RAGE_LIST). */
	rage: RageBurst[];
}

export interface ScrollPage {
	page: string;
	/** Pageviews (user, session, page) with a depth value. */
	pageviews: number;
	/** depth 0, 10 … 100 (percent) and the share of those pageviews whose maximum depth reaches it. */
	reach: { depth: number; share: number }[];
}

export interface ScrollResult {
	type: 'scroll';
	mapping: { depth: string; page: string };
	/** Depth values were read as fractions of the page (the column held no value above 1). */
	fractions: boolean;
	pages: ScrollPage[];
	/** Rows with a depth value outside 0-100 % (or unreadable), left out. */
	skipped: number;
}

export type HeatmapResult = ActivityResult | ClickResult | ScrollResult;
