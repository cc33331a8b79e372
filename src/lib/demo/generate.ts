/**
 * The demo dataset: a seeded, deterministic simulation of a small web shop's event export (PostHog-like
 * columns). People arrive through acquisition channels, browse anonymously on one or two devices, some sign
 * up or log in, come back with channel-dependent retention, and walk a view → cart → checkout → order funnel.
 * Everything random comes from `Rng`, so the same options always give the same rows.
 */

import { NAV, SPOTS, clickIn, pageHeight, strayClick, viewportHeight } from './layout.ts';
import type { DeviceType, Template } from './layout.ts';
import { Rng } from './rng.ts';

export type { DeviceType } from './layout.ts';

export const DEMO_COLUMNS = [
	'uuid',
	'timestamp',
	'event',
	'user_id',
	'device_id',
	'session_id',
	'page_url',
	'device_type',
	'browser',
	'country',
	'utm_source',
	'product_id',
	'category',
	'price',
	'quantity',
	'revenue',
	'x',
	'y',
	'viewport_width',
	'scroll_depth',
	'search_query'
] as const;

export const DEMO_EVENT_NAMES = [
	'$pageview',
	'$pageleave',
	'$autocapture',
	'product_viewed',
	'added_to_cart',
	'checkout_started',
	'order_completed',
	'signed_up',
	'logged_in',
	'search'
] as const;

export const CHANNELS = ['google', 'facebook', 'instagram', 'tiktok', 'newsletter', 'direct'] as const;

export type DemoEventName = (typeof DEMO_EVENT_NAMES)[number];
export type Channel = (typeof CHANNELS)[number];

/** One row of the export. Strings are '' and numbers null where a column does not apply. */
export interface DemoEvent {
	uuid: string;
	timestamp: string;
	event: DemoEventName;
	user_id: string;
	device_id: string;
	session_id: string;
	page_url: string;
	device_type: DeviceType;
	browser: string;
	country: string;
	utm_source: Channel;
	product_id: string;
	category: string;
	price: number | null;
	quantity: number | null;
	revenue: number | null;
	x: number | null;
	y: number | null;
	viewport_width: number | null;
	scroll_depth: number | null;
	search_query: string;
}

export interface DemoOptions {
	seed?: number;
	users?: number;
	/** First local day, `YYYY-MM-DD`; the data covers [start 00:00Z, start + days). */
	start?: string;
	days?: number;
}

export const DEMO_DEFAULTS = { seed: 42, users: 5800, start: '2025-08-25', days: 84 } as const;

export const SHOP_ORIGIN = 'https://shop.example';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Share of rows repeated verbatim, as retried uploads leave in real exports. */
const DUPLICATE_RATE = 0.003;

interface ChannelProfile {
	share: number;
	/** Chance the first visit is the only one. */
	oneAndDone: number;
	/** Mean of the exponential time a returning visitor keeps coming back. */
	lifetimeDays: number;
	/** Chance of at least one visit in a week while still coming back. */
	habit: number;
	/** Purchase propensity multiplier. */
	buy: number;
	/** Chance the person already has an account from before the data starts. */
	account: number;
	/** Weights for mobile, tablet, desktop. */
	devices: readonly [number, number, number];
	medium: string;
	campaigns: readonly string[];
	landing: Partial<Record<'home' | 'category' | 'product' | 'sale', number>>;
}

const PROFILES: Record<Channel, ChannelProfile> = {
	google: {
		share: 27,
		oneAndDone: 0.2,
		lifetimeDays: 35,
		habit: 0.7,
		buy: 1,
		account: 0.12,
		devices: [0.5, 0.08, 0.42],
		medium: 'cpc',
		campaigns: ['shopping_uk', 'brand_search', 'autumn_generic'],
		landing: { product: 45, category: 30, home: 25 }
	},
	facebook: {
		share: 17,
		oneAndDone: 0.28,
		lifetimeDays: 25,
		habit: 0.62,
		buy: 0.85,
		account: 0.08,
		devices: [0.72, 0.08, 0.2],
		medium: 'paid_social',
		campaigns: ['autumn_edit', 'retargeting_30d'],
		landing: { product: 55, category: 20, home: 25 }
	},
	instagram: {
		share: 10,
		oneAndDone: 0.3,
		lifetimeDays: 23,
		habit: 0.6,
		buy: 0.85,
		account: 0.06,
		devices: [0.88, 0.04, 0.08],
		medium: 'paid_social',
		campaigns: ['autumn_edit', 'stories_knitwear'],
		landing: { product: 60, category: 15, home: 25 }
	},
	tiktok: {
		share: 16,
		oneAndDone: 0.45,
		lifetimeDays: 14,
		habit: 0.5,
		buy: 0.6,
		account: 0.03,
		devices: [0.9, 0.03, 0.07],
		medium: 'paid_social',
		campaigns: ['creator_collab', 'spark_ads'],
		landing: { product: 70, home: 30 }
	},
	newsletter: {
		share: 12,
		oneAndDone: 0.06,
		lifetimeDays: 88,
		habit: 0.82,
		buy: 1.35,
		account: 0.6,
		devices: [0.45, 0.1, 0.45],
		medium: 'email',
		campaigns: ['weekly'],
		landing: { home: 40, category: 30, product: 30 }
	},
	direct: {
		share: 18,
		oneAndDone: 0.14,
		lifetimeDays: 53,
		habit: 0.75,
		buy: 1.2,
		account: 0.35,
		devices: [0.42, 0.08, 0.5],
		medium: '',
		campaigns: [],
		landing: { home: 85, product: 15 }
	}
};

const COUNTRIES: readonly {
	code: string;
	weight: number;
	zones: readonly string[];
	zoneWeights: number[];
}[] = [
	{ code: 'GB', weight: 56, zones: ['Europe/London'], zoneWeights: [1] },
	{
		code: 'US',
		weight: 16,
		zones: ['America/New_York', 'America/Chicago', 'America/Los_Angeles'],
		zoneWeights: [5, 2, 3]
	},
	{ code: 'IE', weight: 5, zones: ['Europe/Dublin'], zoneWeights: [1] },
	{ code: 'DE', weight: 5, zones: ['Europe/Berlin'], zoneWeights: [1] },
	{ code: 'FR', weight: 4, zones: ['Europe/Paris'], zoneWeights: [1] },
	{ code: 'NL', weight: 4, zones: ['Europe/Amsterdam'], zoneWeights: [1] },
	{ code: 'AU', weight: 4, zones: ['Australia/Sydney'], zoneWeights: [1] },
	{ code: 'CA', weight: 3, zones: ['America/Toronto'], zoneWeights: [1] },
	{ code: 'ES', weight: 3, zones: ['Europe/Madrid'], zoneWeights: [1] }
];

const DEVICE_TYPES: readonly DeviceType[] = ['mobile', 'tablet', 'desktop'];

const BROWSERS: Record<DeviceType, { names: readonly string[]; weights: readonly number[] }> = {
	mobile: { names: ['Mobile Safari', 'Chrome', 'Samsung Internet'], weights: [55, 38, 7] },
	tablet: { names: ['Mobile Safari', 'Chrome'], weights: [70, 30] },
	desktop: { names: ['Chrome', 'Safari', 'Edge', 'Firefox'], weights: [62, 16, 14, 8] }
};

const VIEWPORTS: Record<DeviceType, { widths: readonly number[]; weights: readonly number[] }> = {
	mobile: { widths: [375, 390, 393, 412, 430], weights: [12, 34, 18, 22, 14] },
	tablet: { widths: [768, 810, 820, 1024], weights: [35, 25, 25, 15] },
	desktop: { widths: [1280, 1366, 1440, 1536, 1920], weights: [14, 16, 34, 16, 20] }
};

/** Relative activity by local hour: phones peak in the evening, desktops across the working day. */
const HOURS_WEEKDAY: Record<DeviceType, readonly number[]> = {
	mobile: [
		0.6, 0.3, 0.15, 0.1, 0.1, 0.2, 0.6, 1.4, 1.8, 1.3, 1.1, 1.2, 1.7, 1.6, 1.1, 1.1, 1.3, 1.6, 2, 2.6, 3, 3,
		2.3, 1.3
	],
	tablet: [
		0.3, 0.15, 0.1, 0.05, 0.05, 0.1, 0.4, 0.9, 1, 1, 1, 1.1, 1.2, 1.2, 1.1, 1.1, 1.3, 1.7, 2.2, 2.8, 3.1, 2.8,
		1.8, 0.8
	],
	desktop: [
		0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 1.5, 2, 2, 2, 2.2, 2, 2, 1.9, 1.7, 1.5, 1.5, 1.9, 2.2, 2, 1.3,
		0.6
	]
};

const HOURS_WEEKEND: readonly number[] = [
	0.8, 0.5, 0.3, 0.15, 0.1, 0.1, 0.2, 0.5, 1, 1.6, 2.1, 2.4, 2.4, 2.3, 2.2, 2.2, 2.1, 2.1, 2.2, 2.5, 2.7, 2.5,
	1.9, 1.2
];

/** Visits by local weekday, Sunday first (Date#getUTCDay order). */
const WEEKDAY_VISITS: readonly number[] = [1.2, 0.94, 0.92, 0.94, 0.97, 1, 1.15];
const WEEKDAY_ARRIVALS: readonly number[] = [1.2, 0.95, 0.95, 0.95, 1, 1, 1.15];

interface CategoryDef {
	name: string;
	median: number;
	count: number;
	/** How strongly interest grows (positive) or fades (negative) as autumn goes on. */
	season: number;
}

const CATEGORIES: readonly CategoryDef[] = [
	{ name: 'dresses', median: 55, count: 34, season: -0.8 },
	{ name: 'tops', median: 26, count: 40, season: -0.4 },
	{ name: 'knitwear', median: 58, count: 28, season: 1.2 },
	{ name: 'outerwear', median: 120, count: 24, season: 1.6 },
	{ name: 'jeans', median: 62, count: 26, season: 0.1 },
	{ name: 'shoes', median: 85, count: 32, season: 0.3 },
	{ name: 'bags', median: 70, count: 20, season: 0 },
	{ name: 'accessories', median: 20, count: 36, season: 0.5 }
];

/** Search terms with the category they find; null finds nothing. Commas and quotes are deliberate. */
const QUERIES: readonly (readonly [string, string | null])[] = [
	['wool coat', 'outerwear'],
	['chelsea boots', 'shoes'],
	['red dress, size 12', 'dresses'],
	['cashmere jumper', 'knitwear'],
	['"linen shirt"', 'tops'],
	["men's boots", 'shoes'],
	['puffer jacket', 'outerwear'],
	['jeans 32" leg', 'jeans'],
	['cardigan', 'knitwear'],
	['tote bag', 'bags'],
	['gift ideas, under £50', 'accessories'],
	['black ankle boots', 'shoes'],
	['trench coat', 'outerwear'],
	['mom jeans', 'jeans'],
	['silk scarf', 'accessories'],
	['maxi dress', 'dresses'],
	['white t-shirt', 'tops'],
	['jumpr', null],
	['crossbody bag', 'bags'],
	['beanie', 'accessories'],
	['"oversized" blazer', 'outerwear'],
	['trainers', 'shoes'],
	['rain jacket; waterproof', 'outerwear'],
	['size guide', null],
	['returns', null],
	['café au lait jumper', 'knitwear'],
	['straight leg, dark wash', 'jeans'],
	['party dress', 'dresses'],
	['belt', 'accessories'],
	['wellies', null]
];

interface Product {
	id: string;
	category: string;
	price: number;
	weight: number;
}

interface Cdf<T> {
	items: T[];
	cumulative: number[];
}

function cdf<T>(items: T[], weights: number[]): Cdf<T> {
	const cumulative: number[] = [];
	let total = 0;
	for (const w of weights) cumulative.push((total += w));
	return { items, cumulative };
}

function draw<T>(rng: Rng, c: Cdf<T>): T {
	const r = rng.next() * c.cumulative[c.cumulative.length - 1];
	let lo = 0;
	let hi = c.cumulative.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (c.cumulative[mid] > r) hi = mid;
		else lo = mid + 1;
	}
	return c.items[lo];
}

/** Local wall-clock time to UTC through Intl, cached per zone and hour. */
class Clock {
	private readonly offsets = new Map<string, number>();
	private readonly formats = new Map<string, Intl.DateTimeFormat>();

	private offset(zone: string, utc: number): number {
		const hour = Math.floor(utc / HOUR);
		const key = `${zone}|${hour}`;
		let off = this.offsets.get(key);
		if (off !== undefined) return off;
		let fmt = this.formats.get(zone);
		if (!fmt) {
			fmt = new Intl.DateTimeFormat('en-GB', {
				timeZone: zone,
				hourCycle: 'h23',
				year: 'numeric',
				month: '2-digit',
				day: '2-digit',
				hour: '2-digit',
				minute: '2-digit'
			});
			this.formats.set(zone, fmt);
		}
		const p: Record<string, number> = {};
		for (const part of fmt.formatToParts(new Date(hour * HOUR))) {
			if (part.type !== 'literal') p[part.type] = Number(part.value);
		}
		off = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - hour * HOUR;
		this.offsets.set(key, off);
		return off;
	}

	toUtc(zone: string, wall: number): number {
		const first = wall - this.offset(zone, wall);
		const second = wall - this.offset(zone, first);
		return second;
	}
}

interface Context {
	seed: number;
	start: number;
	end: number;
	days: number;
	clock: Clock;
	/** Product choice per week: overall, and per category. */
	products: { all: Cdf<Product>; byCategory: Map<string, Cdf<Product>> }[];
	queries: Cdf<readonly [string, string | null]>;
	arrivals: Record<Channel, Cdf<number>>;
	channels: Cdf<Channel>;
	saleFrom: number;
	saleTo: number;
}

interface Device {
	id: string;
	type: DeviceType;
	browser: string;
	viewport: number;
	/** The user id the device is logged in as, '' while anonymous. */
	user: string;
	owner: Person;
}

interface CartLine {
	product: Product;
	quantity: number;
}

interface Person {
	rng: Rng;
	channel: Channel;
	profile: ChannelProfile;
	country: string;
	zone: string;
	userId: string;
	hasAccount: boolean;
	devices: Device[];
	cart: CartLine[];
	cartSince: number;
	appetite: number;
}

type Fields = Omit<DemoEvent, 'timestamp'>;

interface Draft extends Fields {
	ms: number;
}

interface SessionRecord {
	person: Person;
	device: Device;
	events: Draft[];
}

type Intent = 'bounce' | 'browse' | 'shop' | 'resume';

interface Page {
	template: Template;
	url: string;
	product?: Product;
	category?: string;
	query?: readonly [string, string | null];
}

function buildContext(seed: number, start: number, days: number): Context {
	const rng = new Rng(seed, 0xca7a);
	const all: Product[] = [];
	for (const c of CATEGORIES) {
		for (let i = 0; i < c.count; i++) {
			const raw = rng.logNormal(c.median, 0.35);
			const price = rng.chance(0.2)
				? Math.max(5, Math.round(raw / 5) * 5)
				: Math.max(4, Math.round(raw)) - 0.01;
			all.push({ id: '', category: c.name, price, weight: 0 });
		}
	}
	const shuffled = () => {
		const order = all.map((_, i) => i);
		for (let i = order.length - 1; i > 0; i--) {
			const j = rng.int(0, i);
			[order[i], order[j]] = [order[j], order[i]];
		}
		return order;
	};
	// Ids and popularity in independent orders, so neither says anything about the category.
	const ids = shuffled();
	shuffled().forEach((idx, rank) => {
		all[idx].id = `p-${101 + ids[idx]}`;
		all[idx].weight = 1 / Math.pow(rank + 3, 0.9);
	});

	const weeks = Math.ceil(days / 7);
	const products: Context['products'] = [];
	for (let w = 0; w < weeks; w++) {
		const progress = weeks > 1 ? w / (weeks - 1) : 0.5;
		const season = new Map(CATEGORIES.map((c) => [c.name, Math.exp(c.season * (progress - 0.5))]));
		const weight = (p: Product) => p.weight * (season.get(p.category) ?? 1);
		const byCategory = new Map<string, Cdf<Product>>();
		for (const c of CATEGORIES) {
			const items = all.filter((p) => p.category === c.name);
			byCategory.set(c.name, cdf(items, items.map(weight)));
		}
		products.push({ all: cdf(all, all.map(weight)), byCategory });
	}

	const queries = cdf(
		[...QUERIES],
		QUERIES.map((_, i) => 1 / (i + 2))
	);

	// An autumn sale in the eighth week, announced by the newsletter and pushed with paid ads.
	const saleFrom = Math.min(days - 1, 52);
	const saleTo = Math.min(days - 1, 58);
	const arrivals = {} as Record<Channel, Cdf<number>>;
	for (const ch of CHANNELS) {
		const ds: number[] = [];
		const ws: number[] = [];
		for (let d = 0; d < days; d++) {
			const wd = new Date(start + d * DAY).getUTCDay();
			let w = (1 + (0.8 * d) / days) * WEEKDAY_ARRIVALS[wd];
			const sale = d >= saleFrom && d <= saleTo;
			if (ch === 'tiktok') w *= [3, 6, 5, 3, 2][d - 30] ?? 1;
			if (ch === 'newsletter') w *= wd === 4 ? 2.5 : wd === 5 ? 1.5 : 0.6;
			if (sale) w *= ch === 'direct' ? 1.3 : ch === 'tiktok' ? 1 : 1.8;
			ds.push(d);
			ws.push(w);
		}
		arrivals[ch] = cdf(ds, ws);
	}

	return {
		seed,
		start,
		end: start + days * DAY,
		days,
		clock: new Clock(),
		products,
		queries,
		arrivals,
		channels: cdf(
			[...CHANNELS],
			CHANNELS.map((c) => PROFILES[c].share)
		),
		saleFrom,
		saleTo
	};
}

function dayOf(ctx: Context, t: number): number {
	return Math.min(ctx.days - 1, Math.max(0, Math.floor((t - ctx.start) / DAY)));
}

function inSale(ctx: Context, t: number): boolean {
	const d = dayOf(ctx, t);
	return d >= ctx.saleFrom && d <= ctx.saleTo;
}

function pickProduct(ctx: Context, rng: Rng, t: number, category?: string): Product {
	const week = ctx.products[Math.min(ctx.products.length - 1, Math.floor(dayOf(ctx, t) / 7))];
	const c = category ? week.byCategory.get(category) : undefined;
	return draw(rng, c ?? week.all);
}

function newDevice(person: Person, type: DeviceType): Device {
	const rng = person.rng;
	const b = BROWSERS[type];
	const v = VIEWPORTS[type];
	return {
		id: '',
		type,
		browser: rng.weighted(b.names, b.weights),
		viewport: rng.weighted(v.widths, v.weights),
		user: '',
		owner: person
	};
}

function utmQuery(ctx: Context, person: Person, t: number): string {
	const p = person.profile;
	const rng = person.rng;
	if (person.channel === 'direct') return '';
	const params = new URLSearchParams({ utm_source: person.channel, utm_medium: p.medium });
	if (person.channel === 'newsletter') {
		const d = new Date(t - ((new Date(t).getUTCDay() + 3) % 7) * DAY);
		params.set('utm_campaign', `weekly_${d.toISOString().slice(0, 10).replaceAll('-', '_')}`);
	} else {
		params.set('utm_campaign', rng.pick(p.campaigns));
	}
	if (person.channel === 'google' && rng.chance(0.6)) params.set('gclid', rng.hex(12));
	if ((person.channel === 'facebook' || person.channel === 'instagram') && rng.chance(0.5)) {
		params.set('fbclid', rng.hex(16));
	}
	if (person.channel === 'tiktok' && inSale(ctx, t)) params.set('utm_content', 'sale');
	return params.toString();
}

function withQuery(url: string, query: string): string {
	if (!query) return url;
	const hash = url.indexOf('#');
	const base = hash < 0 ? url : url.slice(0, hash);
	const frag = hash < 0 ? '' : url.slice(hash);
	return `${base}${base.includes('?') ? '&' : '?'}${query}${frag}`;
}

function productPage(product: Product, rng: Rng): Page {
	let url = `${SHOP_ORIGIN}/products/${product.id}`;
	const r = rng.next();
	if (r < 0.07) url += `?colour=${rng.pick(['black', 'navy', 'camel', 'ecru', 'forest'])}`;
	else if (r < 0.12) url += '#reviews';
	else if (r < 0.14) url += '#size-guide';
	return { template: 'product', url, product };
}

function categoryPage(category: string, rng: Rng, page2 = false): Page {
	let url = `${SHOP_ORIGIN}/c/${category}`;
	if (page2) url += '?page=2';
	else if (rng.chance(0.1)) url += `?sort=${rng.pick(['price_asc', 'price_desc', 'newest'])}`;
	return { template: 'category', url, category };
}

function simplePage(template: Template, path: string): Page {
	return { template, url: `${SHOP_ORIGIN}${path}` };
}

const DWELL_SECONDS: Record<Template, number> = {
	home: 14,
	category: 28,
	sale: 32,
	product: 40,
	search: 22,
	cart: 25,
	checkout: 75,
	complete: 15,
	login: 20,
	signup: 45,
	account: 20,
	help: 35
};

const SCROLL_SECONDS: Partial<Record<Template, number>> = {
	home: 20,
	category: 25,
	sale: 25,
	product: 35,
	search: 20,
	help: 40
};

/** Writes one session's events; the navigation logic lives in `visit`. */
class SessionWriter {
	t: number;
	url = '';
	maxY = 0;
	readonly events: Draft[] = [];
	readonly rng: Rng;

	constructor(
		readonly ctx: Context,
		readonly person: Person,
		readonly device: Device,
		readonly id: string,
		start: number
	) {
		this.t = start;
		this.rng = person.rng;
	}

	emit(event: DemoEventName, fields: Partial<Fields> = {}): void {
		this.events.push({
			ms: this.t,
			uuid: this.rng.uuid7(this.t),
			event,
			user_id: this.device.user,
			device_id: this.device.id,
			session_id: this.id,
			page_url: this.url,
			device_type: this.device.type,
			browser: this.device.browser,
			country: this.person.country,
			utm_source: this.person.channel,
			product_id: '',
			category: '',
			price: null,
			quantity: null,
			revenue: null,
			x: null,
			y: null,
			viewport_width: null,
			scroll_depth: null,
			search_query: '',
			...fields
		});
	}

	wait(ms: number): void {
		this.t += Math.max(1, Math.round(ms));
	}

	click(spot: Parameters<typeof clickIn>[1]): void {
		const { x, y } = clickIn(this.rng, spot, this.device.type, this.device.viewport);
		this.maxY = Math.max(this.maxY, y);
		this.emit('$autocapture', { x, y, viewport_width: this.device.viewport });
	}

	stray(template: Template): void {
		const { x, y } = strayClick(this.rng, template, this.device.type, this.device.viewport);
		this.maxY = Math.max(this.maxY, y);
		this.emit('$autocapture', { x, y, viewport_width: this.device.viewport });
	}

	navClick(name: 'links' | 'search' | 'account' | 'cart' | 'logo'): void {
		if (name === 'links') {
			this.click(NAV.links);
			if (this.device.type === 'mobile') {
				this.wait(this.rng.uniform(400, 1800));
				this.click(NAV.menu);
			}
		} else {
			this.click(NAV[name]);
		}
	}
}

function productFields(p: Product): Partial<Fields> {
	return { product_id: p.id, category: p.category, price: p.price };
}

function cartQuantity(cart: CartLine[]): number {
	return cart.reduce((n, l) => n + l.quantity, 0);
}

/** Shows one page and returns where the person goes next, or null when the session ends. */
function visit(s: SessionWriter, page: Page, intent: Intent, pageNo: number, budget: number): Page | null {
	const { rng, person, device, ctx } = s;
	const last = pageNo >= budget;
	const start = s.t;
	const dwell = Math.min(12 * MINUTE, rng.logNormal(DWELL_SECONDS[page.template] * SECOND, 0.8));
	const sale = inSale(ctx, s.t);
	const buyBase = { bounce: 0.1, browse: 0.075, shop: 0.34, resume: 0.22 }[intent];
	const deviceBuy = { mobile: 0.9, tablet: 1, desktop: 1.15 }[device.type];
	const pAdd = Math.min(0.8, buyBase * person.appetite * person.profile.buy * deviceBuy * (sale ? 1.3 : 1));
	const shopping = intent === 'shop' || intent === 'resume';
	s.url = page.url;
	s.maxY = 0;
	s.emit('$pageview');
	const step = () => s.wait(dwell * rng.uniform(0.08, 0.3));
	const tap = (spot: Parameters<typeof clickIn>[1]) => {
		step();
		s.click(spot);
	};
	const wander = () => {
		step();
		s.stray(page.template);
	};

	let next: Page | null = null;
	let navigate: (() => void) | null = null;
	const go = (p: Page | null, how: () => void) => {
		next = p;
		navigate = how;
	};

	const voluntaryLogin =
		pageNo === 1 &&
		person.hasAccount &&
		!device.user &&
		rng.chance(person.channel === 'newsletter' ? 0.5 : 0.3);
	const voluntarySignup =
		!person.hasAccount && !device.user && (page.template === 'home' || page.template === 'product');

	switch (page.template) {
		case 'product': {
			const product = page.product ?? pickProduct(ctx, rng, s.t);
			s.wait(rng.uniform(60, 500));
			s.emit('product_viewed', productFields(product));
			if (rng.chance(0.2)) tap(SPOTS.product.gallery);
			if (page.url.endsWith('#reviews') || rng.chance(0.07)) tap(SPOTS.product.reviews);
			const added = rng.chance(pAdd);
			if (added ? rng.chance(0.7) : rng.chance(0.12)) tap(SPOTS.product.size);
			if (added) {
				step();
				s.click(SPOTS.product.buy);
				s.wait(rng.uniform(80, 400));
				const quantity = rng.weighted([1, 2, 3], [85, 12, 3]);
				s.emit('added_to_cart', { ...productFields(product), quantity });
				const line = person.cart.find((l) => l.product === product);
				if (line) line.quantity += quantity;
				else person.cart.push({ product, quantity });
				if (person.cart.length === 1) person.cartSince = s.t;
			}
			if (voluntaryLogin) go(simplePage('login', '/account/login'), () => s.navClick('account'));
			else if (voluntarySignup && rng.chance(0.02))
				go(simplePage('signup', '/account/signup'), () => s.navClick('account'));
			else if (last && !(added && shopping)) go(null, () => {});
			else if (added) {
				const r = rng.weighted(
					['cart', 'product', 'category', 'exit'],
					shopping ? [50, 25, 15, 10] : [30, 30, 15, 25]
				);
				if (r === 'cart') go(simplePage('cart', '/cart'), () => s.navClick('cart'));
				else if (r === 'product')
					go(productPage(pickProduct(ctx, rng, s.t, product.category), rng), () =>
						s.click(SPOTS.product.related)
					);
				else if (r === 'category') go(categoryPage(product.category, rng), () => s.navClick('links'));
			} else {
				const hasCart = person.cart.length > 0;
				const r = rng.weighted(
					['product', 'category', 'search', 'home', 'cart', 'exit'],
					[32, 18, 8, 4, hasCart ? (shopping ? 18 : 5) : 0, shopping ? 14 : 28]
				);
				if (r === 'product') {
					const related = rng.chance(0.7) ? product.category : undefined;
					go(productPage(pickProduct(ctx, rng, s.t, related), rng), () => s.click(SPOTS.product.related));
				} else if (r === 'category') go(categoryPage(product.category, rng), () => s.navClick('links'));
				else if (r === 'search') go(searchPage(ctx, rng), () => s.navClick('search'));
				else if (r === 'home') go(simplePage('home', '/'), () => s.navClick('logo'));
				else if (r === 'cart') go(simplePage('cart', '/cart'), () => s.navClick('cart'));
			}
			break;
		}
		case 'home': {
			if (rng.chance(0.12)) tap(SPOTS.home.hero);
			if (voluntaryLogin) go(simplePage('login', '/account/login'), () => s.navClick('account'));
			else if (voluntarySignup && rng.chance(0.03))
				go(simplePage('signup', '/account/signup'), () => s.click(SPOTS.home.newsletter));
			else if (last) go(null, () => {});
			else {
				const r = rng.weighted(
					['category', 'product', 'search', 'sale', 'account', 'help', 'cart', 'exit'],
					[38, 22, 12, sale ? 18 : 0, device.user ? 3 : 0, 2, person.cart.length ? 8 : 0, shopping ? 10 : 20]
				);
				if (r === 'category') go(categoryPage(rng.pick(CATEGORIES).name, rng), () => s.navClick('links'));
				else if (r === 'product')
					go(productPage(pickProduct(ctx, rng, s.t), rng), () => s.click(SPOTS.home.featured));
				else if (r === 'search') go(searchPage(ctx, rng), () => s.navClick('search'));
				else if (r === 'sale') go(simplePage('sale', '/sale'), () => s.click(SPOTS.home.heroButton));
				else if (r === 'account') go(simplePage('account', '/account'), () => s.navClick('account'));
				else if (r === 'help')
					go(simplePage('help', rng.pick(['/help/delivery', '/help/returns'])), () => s.stray('home'));
				else if (r === 'cart') go(simplePage('cart', '/cart'), () => s.navClick('cart'));
			}
			break;
		}
		case 'category':
		case 'sale': {
			if (rng.chance(0.15)) tap(SPOTS.category.filters);
			if (rng.chance(0.06)) tap(SPOTS.category.sort);
			if (voluntaryLogin) go(simplePage('login', '/account/login'), () => s.navClick('account'));
			else if (last) go(null, () => {});
			else {
				const r = rng.weighted(
					['product', 'more', 'search', 'cart', 'exit'],
					[60, 12, 5, person.cart.length && shopping ? 8 : 0, shopping ? 12 : 22]
				);
				if (r === 'product')
					go(productPage(pickProduct(ctx, rng, s.t, page.category), rng), () => s.click(SPOTS.category.grid));
				else if (r === 'more') {
					if (page.category && !page.url.includes('page=2') && rng.chance(0.5)) {
						go(categoryPage(page.category, rng, true), () => s.click(SPOTS.category.nextPage));
					} else go(categoryPage(rng.pick(CATEGORIES).name, rng), () => s.navClick('links'));
				} else if (r === 'search') go(searchPage(ctx, rng), () => s.navClick('search'));
				else if (r === 'cart') go(simplePage('cart', '/cart'), () => s.navClick('cart'));
			}
			break;
		}
		case 'search': {
			const [q, category] = page.query ?? draw(rng, ctx.queries);
			s.wait(rng.uniform(30, 300));
			s.emit('search', { search_query: q });
			if (last) go(null, () => {});
			else if (!category) {
				const r = rng.weighted(['again', 'home', 'exit'], [40, 20, 40]);
				if (r === 'again') go(searchPage(ctx, rng), () => s.click(SPOTS.search.refine));
				else if (r === 'home') go(simplePage('home', '/'), () => s.navClick('logo'));
			} else {
				const r = rng.weighted(['product', 'again', 'category', 'exit'], [60, 10, 5, 25]);
				if (r === 'product')
					go(productPage(pickProduct(ctx, rng, s.t, category), rng), () => s.click(SPOTS.search.results));
				else if (r === 'again') go(searchPage(ctx, rng), () => s.click(SPOTS.search.refine));
				else if (r === 'category') go(categoryPage(category, rng), () => s.navClick('links'));
			}
			break;
		}
		case 'cart': {
			if (person.cart.length && rng.chance(0.2)) tap(SPOTS.cart.quantity);
			const pCheckout = Math.min(
				0.95,
				(shopping ? 0.88 : 0.62) * Math.sqrt(person.profile.buy * person.appetite)
			);
			if (!person.cart.length) {
				if (!last && rng.chance(0.5)) go(simplePage('home', '/'), () => s.click(SPOTS.cart.continue));
			} else if (rng.chance(pCheckout)) {
				if (device.user) go(simplePage('checkout', '/checkout'), () => s.click(SPOTS.cart.checkout));
				else if (person.hasAccount) {
					go(simplePage('login', '/account/login?next=%2Fcheckout'), () => s.click(SPOTS.cart.checkout));
				} else if (rng.chance(0.6)) {
					go(simplePage('signup', '/account/signup?next=%2Fcheckout'), () => s.click(SPOTS.cart.checkout));
				} else go(simplePage('checkout', '/checkout?guest=1'), () => s.click(SPOTS.cart.checkout));
			} else if (!last && rng.chance(0.4)) {
				go(categoryPage(rng.pick(CATEGORIES).name, rng), () => s.click(SPOTS.cart.continue));
			}
			break;
		}
		case 'login':
		case 'signup': {
			if (rng.chance(0.6)) tap(SPOTS.form.fields);
			s.wait(rng.uniform(2000, 15000));
			s.click(SPOTS.form.submit);
			s.wait(rng.uniform(200, 900));
			device.user = person.userId;
			if (page.template === 'signup') person.hasAccount = true;
			s.emit(page.template === 'signup' ? 'signed_up' : 'logged_in');
			if (page.url.includes('next=%2Fcheckout')) go(simplePage('checkout', '/checkout'), () => {});
			else if (person.cart.length && rng.chance(0.4))
				go(simplePage('cart', '/cart'), () => s.navClick('cart'));
			else if (!last || rng.chance(0.5)) {
				go(rng.chance(0.3) ? simplePage('account', '/account') : simplePage('home', '/'), () => {});
			}
			break;
		}
		case 'checkout': {
			s.wait(rng.uniform(50, 400));
			s.emit('checkout_started', { quantity: cartQuantity(person.cart) });
			const fields = rng.int(0, 2);
			for (let i = 0; i < fields; i++) tap(SPOTS.checkout.form);
			const pOrder = Math.min(
				0.95,
				0.56 * (device.type === 'mobile' ? 0.93 : 1.03) * Math.sqrt(person.appetite)
			);
			if (person.cart.length && rng.chance(pOrder)) {
				go(simplePage('complete', `/checkout/complete?order=SO-${rng.int(100000, 999999)}`), () =>
					s.click(SPOTS.checkout.pay)
				);
			} else if (rng.chance(0.15)) go(simplePage('cart', '/cart'), () => s.navClick('cart'));
			break;
		}
		case 'complete': {
			s.wait(rng.uniform(100, 800));
			const subtotal = person.cart.reduce((sum, l) => sum + l.product.price * l.quantity, 0);
			const discounted = sale ? subtotal * 0.8 : subtotal;
			const revenue = Math.round((discounted + (discounted < 40 ? 3.95 : 0)) * 100) / 100;
			s.emit('order_completed', { revenue, quantity: cartQuantity(person.cart) });
			person.cart = [];
			if (!device.user && !person.hasAccount && rng.chance(0.3)) {
				go(simplePage('signup', '/account/signup?from=order'), () => s.click(SPOTS.complete.continue));
			} else if (rng.chance(0.2)) go(simplePage('home', '/'), () => s.click(SPOTS.complete.continue));
			break;
		}
		case 'account':
		case 'help': {
			if (rng.chance(0.4)) wander();
			if (!last && rng.chance(0.5)) go(simplePage('home', '/'), () => s.navClick('logo'));
			break;
		}
	}

	if (rng.chance(0.02)) wander();
	s.t = Math.max(s.t + 50, start + dwell);
	const chosen = next as Page | null;
	const how = navigate as (() => void) | null;
	// Back buttons, keyboard and swipes navigate without a click autocapture can see.
	if (chosen && how && rng.chance(0.65)) {
		how();
		s.wait(rng.uniform(30, 250));
	}
	if (chosen || rng.chance(0.88)) {
		const h = pageHeight(page.template, device.type);
		const vh = Math.min(1, viewportHeight(device.type) / h);
		const tau = SCROLL_SECONDS[page.template];
		const read = tau ? 1 - Math.exp(-dwell / (tau * SECOND)) : rng.next();
		const scroll = vh + (1 - vh) * Math.min(1, read * rng.uniform(0.5, 1.1));
		const clicked = (s.maxY + viewportHeight(device.type) * 0.4) / h;
		const depth = Math.round(100 * Math.min(1, Math.max(scroll, clicked)));
		s.emit('$pageleave', { scroll_depth: depth });
	}
	if (chosen) s.wait(rng.uniform(150, 1400));
	return chosen;
}

function searchPage(ctx: Context, rng: Rng): Page {
	const query = draw(rng, ctx.queries);
	return {
		template: 'search',
		url: `${SHOP_ORIGIN}/search?${new URLSearchParams({ q: query[0] }).toString()}`,
		query
	};
}

function landingPage(ctx: Context, s: SessionWriter, first: boolean, intent: Intent): Page {
	const { rng, person } = s;
	const sale = inSale(ctx, s.t);
	let page: Page;
	let tagged = first;
	if (intent === 'resume' && rng.chance(0.6)) {
		page = simplePage('cart', '/cart');
		if (person.channel === 'newsletter' || rng.chance(0.3)) {
			return {
				...page,
				url: withQuery(page.url, 'utm_source=newsletter&utm_medium=email&utm_campaign=abandoned_cart')
			};
		}
		return page;
	}
	const weights = first ? person.profile.landing : { home: 50, category: 15, product: 15, sale: 20 };
	const kind = rng.weighted(['home', 'category', 'product', 'sale'] as const, [
		weights.home ?? 0,
		weights.category ?? 0,
		weights.product ?? 0,
		sale ? (weights.sale ?? 20) : 0
	]);
	if (kind === 'home') page = simplePage('home', rng.chance(0.03) ? '/#newsletter' : '/');
	else if (kind === 'category') page = categoryPage(rng.pick(CATEGORIES).name, rng);
	else if (kind === 'sale') page = simplePage('sale', '/sale');
	else page = productPage(pickProduct(ctx, rng, s.t), rng);
	if (!first && person.channel === 'newsletter' && rng.chance(0.35)) tagged = true;
	if (!first && person.channel !== 'direct' && person.channel !== 'newsletter' && rng.chance(0.08))
		tagged = true;
	if (tagged) page = { ...page, url: withQuery(page.url, utmQuery(ctx, person, s.t)) };
	return page;
}

function chooseIntent(person: Person, first: boolean): Intent {
	const rng = person.rng;
	const bounce = first ? (person.channel === 'tiktok' ? 0.5 : 0.33) : 0.2;
	if (!first && person.cart.length && rng.chance(0.35)) return 'resume';
	const r = rng.next();
	if (r < bounce) return 'bounce';
	return rng.chance(first ? 0.22 : 0.38) ? 'shop' : 'browse';
}

function pagesFor(rng: Rng, intent: Intent): number {
	if (intent === 'bounce') return 1;
	const extra = (mean: number) => Math.floor(rng.exponential(mean));
	if (intent === 'shop') return 3 + extra(3.5);
	if (intent === 'resume') return 2 + extra(3);
	return 1 + extra(2.5);
}

function runSession(
	ctx: Context,
	person: Person,
	device: Device,
	start: number,
	first: boolean
): SessionRecord {
	const rng = person.rng;
	if (!device.id) device.id = rng.uuid7(start);
	if (person.cart.length && start - person.cartSince > 21 * DAY) person.cart = [];
	const s = new SessionWriter(ctx, person, device, rng.uuid7(start), start);
	const intent = chooseIntent(person, first);
	const budget = pagesFor(rng, intent);
	let page: Page | null = landingPage(ctx, s, first, intent);
	for (let n = 1; page && s.t < ctx.end && n < budget + 6; n++) page = visit(s, page, intent, n, budget);
	return { person, device, events: s.events };
}

function localTime(ctx: Context, person: Person, day: number, device: DeviceType): number {
	const rng = person.rng;
	const wall = ctx.start + day * DAY;
	const weekend = [0, 6].includes(new Date(wall).getUTCDay());
	const hour = rng.weighted(HOUR_INDEX, weekend ? HOURS_WEEKEND : HOURS_WEEKDAY[device]);
	return ctx.clock.toUtc(person.zone, wall + hour * HOUR + rng.int(0, HOUR - 1));
}

const HOUR_INDEX = Array.from({ length: 24 }, (_, i) => i);

function simulatePerson(ctx: Context, index: number, out: SessionRecord[]): void {
	const rng = new Rng(ctx.seed, index + 1);
	const channel = draw(rng, ctx.channels);
	const profile = PROFILES[channel];
	const country = rng.weighted(
		COUNTRIES,
		COUNTRIES.map((c) => c.weight)
	);
	const person: Person = {
		rng,
		channel,
		profile,
		country: country.code,
		zone: rng.weighted(country.zones, country.zoneWeights),
		userId: `u_${rng.hex(10)}`,
		hasAccount: rng.chance(profile.account),
		devices: [],
		cart: [],
		cartSince: 0,
		appetite: rng.gamma(3) / 3
	};
	const primary = newDevice(person, rng.weighted(DEVICE_TYPES, profile.devices));
	person.devices.push(primary);
	if (rng.chance(0.1)) {
		const other =
			primary.type === 'desktop' ? rng.weighted(['mobile', 'tablet'] as const, [3, 1]) : 'desktop';
		person.devices.push(newDevice(person, other));
	}

	const arrivalDay = draw(rng, ctx.arrivals[channel]);
	let first = localTime(ctx, person, arrivalDay, primary.type);
	if (first < ctx.start) first = ctx.start + rng.int(0, 3 * HOUR);
	const starts = [first];
	if (!rng.chance(profile.oneAndDone)) {
		const engagement = rng.gamma(2) / 2;
		const lifetime = rng.exponential(profile.lifetimeDays) * (0.5 + engagement / 2);
		const habit = Math.max(0.15, Math.min(0.95, profile.habit + 0.3 * (engagement - 1)));
		person.appetite *= 0.7 + 0.3 * engagement;
		const visitOn = (day: number) => {
			if (day >= ctx.days) return;
			const t = localTime(ctx, person, day, primary.type);
			if (t > first) starts.push(t);
		};
		// Coming back within days to finish a decision.
		const early = rng.poisson(0.12 * engagement);
		for (let i = 0; i < early; i++) visitOn(arrivalDay + 1 + Math.min(5, Math.floor(rng.exponential(1.5))));
		// Then about weekly, while the person still cares; a few heavy users come several times a week.
		for (let k = 0; 7 * k < lifetime && arrivalDay + 7 * k + 1 < ctx.days; k++) {
			const week = Array.from({ length: 7 }, (_, i) => arrivalDay + 7 * k + 1 + i);
			const saleWeek = week.some((d) => d >= ctx.saleFrom && d <= ctx.saleTo);
			const boost = saleWeek ? (channel === 'newsletter' ? 1.3 : 1.12) : 1;
			if (!rng.chance(Math.min(0.97, habit * boost))) continue;
			const visits = 1 + rng.poisson(0.15 * engagement * engagement);
			const weights = week.map((d) => {
				const sale = d >= ctx.saleFrom && d <= ctx.saleTo ? 1.6 : 1;
				return WEEKDAY_VISITS[new Date(ctx.start + d * DAY).getUTCDay()] * sale;
			});
			for (let i = 0; i < visits; i++) visitOn(rng.weighted(week, weights));
		}
		starts.sort((a, b) => a - b);
	}

	let free = 0;
	starts.forEach((planned, i) => {
		const device = i > 0 && person.devices.length > 1 && rng.chance(0.35) ? person.devices[1] : primary;
		const begin = Math.max(planned, free + 31 * MINUTE + rng.int(0, 3 * HOUR));
		if (begin >= ctx.end) return;
		const session = runSession(ctx, person, device, begin, i === 0);
		if (!session.events.length) return;
		out.push(session);
		free = session.events[session.events.length - 1].ms;
	});
}

/** A login page visit put in front of a session: the page is seen as `before`, the login makes it `after`. */
function loginPrelude(rng: Rng, session: SessionRecord, before: string, after: string): void {
	const head = session.events[0];
	const begin = head.ms - 10 * SECOND;
	const row = (ms: number, event: DemoEventName, user: string, extra: Partial<Fields> = {}): Draft => ({
		...head,
		ms,
		uuid: rng.uuid7(ms),
		event,
		user_id: user,
		page_url: `${SHOP_ORIGIN}/account/login`,
		product_id: '',
		category: '',
		price: null,
		quantity: null,
		revenue: null,
		x: null,
		y: null,
		viewport_width: null,
		scroll_depth: null,
		search_query: '',
		...extra
	});
	session.events.unshift(
		row(begin, '$pageview', before),
		row(begin + 7 * SECOND, 'logged_in', after),
		row(begin + 7 * SECOND + 400, '$pageleave', after, { scroll_depth: 100 })
	);
}

/**
 * A few people log in on somebody else's desktop or tablet (a shared family computer), so one device id
 * ends up linked to two user ids: the conflict identity resolution has to report (SEMANTICS §9). The owner
 * logs back in on their next visit, so on every device the user id only ever changes at a login.
 */
function shareDevices(ctx: Context, sessions: SessionRecord[], users: number): void {
	const rng = new Rng(ctx.seed, 0x5a3ed);
	const wanted = Math.max(1, Math.floor(users / 400));
	const byDevice = new Map<Device, SessionRecord[]>();
	for (const s of sessions) {
		const list = byDevice.get(s.device);
		if (list) list.push(s);
		else byDevice.set(s.device, [s]);
	}
	const shared = [...byDevice.keys()].filter((d) => d.user && d.type !== 'mobile');
	const candidates = sessions.filter(
		(s) => s.device.type !== 'mobile' && s.events.length >= 4 && s.events.every((e) => e.user_id)
	);
	if (!shared.length || !candidates.length) return;
	const usedSessions = new Set<SessionRecord>();
	const usedDevices = new Set<Device>();
	let done = 0;
	for (let attempt = 0; attempt < wanted * 50 && done < wanted; attempt++) {
		const session = rng.pick(candidates);
		const target = rng.pick(shared);
		if (usedSessions.has(session) || usedDevices.has(target) || usedDevices.has(session.device)) continue;
		if (target.owner === session.person || target.type !== session.device.type) continue;
		const begin = session.events[0].ms - 10 * SECOND;
		const finish = session.events[session.events.length - 1].ms;
		const theirs = byDevice.get(target) ?? [];
		const clash = theirs.some((o) => {
			const a = o.events[0].ms - 35 * MINUTE;
			const b = o.events[o.events.length - 1].ms + 35 * MINUTE;
			return a < finish && begin < b;
		});
		const earlier = theirs.filter((o) => o.events[0].ms < begin);
		const owner = earlier.at(-1)?.events.at(-1)?.user_id ?? '';
		if (clash || owner !== target.owner.userId || begin < ctx.start) continue;
		for (const e of session.events) {
			e.device_id = target.id;
			e.browser = target.browser;
			if (e.x !== null && e.viewport_width !== null) {
				e.x = Math.min(target.viewport - 1, Math.round((e.x * target.viewport) / e.viewport_width));
				e.viewport_width = target.viewport;
			}
		}
		const guest = session.person.userId;
		loginPrelude(rng, session, owner, guest);
		const next = theirs.find((o) => o.events[0].ms > finish);
		if (next) loginPrelude(rng, next, guest, owner);
		usedSessions.add(session);
		usedDevices.add(target);
		usedDevices.add(session.device);
		done++;
	}
}

function validate(o: Required<DemoOptions>): number {
	if (!Number.isInteger(o.seed)) throw new Error(`seed must be an integer, got ${o.seed}`);
	if (!Number.isInteger(o.users) || o.users < 1)
		throw new Error(`users must be a positive integer, got ${o.users}`);
	if (!Number.isInteger(o.days) || o.days < 1)
		throw new Error(`days must be a positive integer, got ${o.days}`);
	const start = /^\d{4}-\d{2}-\d{2}$/.test(o.start) ? Date.parse(`${o.start}T00:00:00Z`) : NaN;
	if (Number.isNaN(start)) throw new Error(`start must be a date YYYY-MM-DD, got ${o.start}`);
	return start;
}

/**
 * Simulates the shop and returns its export, sorted by time (ties keep simulation order), with about
 * 0.3 % of rows repeated verbatim right after the original.
 */
export function generateDemo(options: DemoOptions = {}): DemoEvent[] {
	const o: Required<DemoOptions> = { ...DEMO_DEFAULTS, ...options };
	const start = validate(o);
	const ctx = buildContext(o.seed, start, o.days);
	const sessions: SessionRecord[] = [];
	for (let i = 0; i < o.users; i++) simulatePerson(ctx, i, sessions);
	shareDevices(ctx, sessions, o.users);

	const drafts: Draft[] = [];
	for (const s of sessions) for (const e of s.events) if (e.ms >= ctx.start && e.ms < ctx.end) drafts.push(e);
	drafts.sort((a, b) => a.ms - b.ms);

	const rng = new Rng(o.seed, 0xd0b1e);
	const out: DemoEvent[] = [];
	for (const d of drafts) {
		const { ms, ...fields } = d;
		const row: DemoEvent = { ...fields, timestamp: new Date(ms).toISOString() };
		out.push(row);
		if (rng.chance(DUPLICATE_RATE)) out.push({ ...row });
	}
	return out;
}

function csvCell(v: string | number | null, money: boolean): string {
	if (v === null) return '';
	if (typeof v === 'number') return money ? v.toFixed(2) : String(v);
	return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replaceAll('"', '""')}"` : v;
}

const MONEY = new Set<string>(['price', 'revenue']);

export function csvRow(e: DemoEvent): string {
	return DEMO_COLUMNS.map((c) => csvCell(e[c], MONEY.has(c))).join(',');
}

/** The CSV a line at a time (header first, each line ending in \n), for streaming into a gzip writer. */
export function* csvLines(events: Iterable<DemoEvent>): Generator<string> {
	yield `${DEMO_COLUMNS.join(',')}\n`;
	for (const e of events) yield `${csvRow(e)}\n`;
}

export function toCsv(events: Iterable<DemoEvent>): string {
	return [...csvLines(events)].join('');
}
