/**
 * The simulation's world: weighted draws, the local clock, people, devices, products and pages. Part of
 * the demo simulation (generate.ts).
 */
import {
	BROWSERS,
	CATEGORIES,
	DAY,
	HOUR,
	PROFILES,
	QUERIES,
	VIEWPORTS,
	WEEKDAY_ARRIVALS
} from './profiles.ts';
import { wallClockMs } from '../spec/calendar.ts';
import { Rng } from './rng.ts';
import { CHANNELS } from './schema.ts';
import type { DeviceType, Template } from './layout.ts';
import type { ChannelProfile } from './profiles.ts';
import type { Channel, DemoEvent } from './schema.ts';

export interface Product {
	id: string;
	category: string;
	price: number;
	weight: number;
}

export interface Cdf<T> {
	items: T[];
	cumulative: number[];
}

export function cdf<T>(items: T[], weights: number[]): Cdf<T> {
	const cumulative: number[] = [];
	let total = 0;
	for (const w of weights) cumulative.push((total += w));
	return { items, cumulative };
}

export function draw<T>(rng: Rng, c: Cdf<T>): T {
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

/** Local wall-clock time to UTC through Intl (the calendar's wall clock), cached per zone and hour. */
export class Clock {
	private readonly offsets = new Map<string, number>();

	private offset(zone: string, utc: number): number {
		const hour = Math.floor(utc / HOUR);
		const key = `${zone}|${hour}`;
		let off = this.offsets.get(key);
		if (off === undefined) {
			off = wallClockMs(hour * HOUR, zone) - hour * HOUR;
			this.offsets.set(key, off);
		}
		return off;
	}

	toUtc(zone: string, wall: number): number {
		const first = wall - this.offset(zone, wall);
		const second = wall - this.offset(zone, first);
		return second;
	}
}

export interface Context {
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

export interface Device {
	id: string;
	type: DeviceType;
	browser: string;
	viewport: number;
	/** The user id the device is logged in as, '' while anonymous. */
	user: string;
	owner: Person;
}

export interface CartLine {
	product: Product;
	quantity: number;
}

export interface Person {
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

export type Fields = Omit<DemoEvent, 'timestamp'>;

export interface Draft extends Fields {
	ms: number;
}

export interface SessionRecord {
	person: Person;
	device: Device;
	events: Draft[];
}

export type Intent = 'bounce' | 'browse' | 'shop' | 'resume';

export interface Page {
	template: Template;
	url: string;
	product?: Product;
	category?: string;
	query?: readonly [string, string | null];
}

export function buildContext(seed: number, start: number, days: number): Context {
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

export function dayOf(ctx: Context, t: number): number {
	return Math.min(ctx.days - 1, Math.max(0, Math.floor((t - ctx.start) / DAY)));
}

export function inSale(ctx: Context, t: number): boolean {
	const d = dayOf(ctx, t);
	return d >= ctx.saleFrom && d <= ctx.saleTo;
}

export function pickProduct(ctx: Context, rng: Rng, t: number, category?: string): Product {
	const week = ctx.products[Math.min(ctx.products.length - 1, Math.floor(dayOf(ctx, t) / 7))];
	const c = category ? week.byCategory.get(category) : undefined;
	return draw(rng, c ?? week.all);
}

export function newDevice(person: Person, type: DeviceType): Device {
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
