/**
 * People's visits over the days: sessions, intents, logins and shared devices. Part of the demo simulation
 * (generate.ts).
 */
import {
	CATEGORIES,
	COUNTRIES,
	DAY,
	DEVICE_TYPES,
	HOUR,
	HOURS_WEEKDAY,
	HOURS_WEEKEND,
	MINUTE,
	PROFILES,
	SECOND,
	WEEKDAY_VISITS
} from './profiles.ts';
import { Rng } from './rng.ts';
import { NO_DETAILS, SHOP_ORIGIN } from './schema.ts';
import { SessionWriter } from './session.ts';
import { visit } from './visit.ts';
import { draw, inSale, newDevice, pickProduct } from './world.ts';
import { categoryPage, productPage, simplePage, utmQuery, withQuery } from './pages.ts';
import type { DeviceType } from './layout.ts';
import type { DemoEventName } from './schema.ts';
import type { Context, Device, Draft, Fields, Intent, Page, Person, SessionRecord } from './world.ts';

export function landingPage(ctx: Context, s: SessionWriter, first: boolean, intent: Intent): Page {
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

export function chooseIntent(person: Person, first: boolean): Intent {
	const rng = person.rng;
	const bounce = first ? (person.channel === 'tiktok' ? 0.5 : 0.33) : 0.2;
	if (!first && person.cart.length && rng.chance(0.35)) return 'resume';
	const r = rng.next();
	if (r < bounce) return 'bounce';
	return rng.chance(first ? 0.22 : 0.38) ? 'shop' : 'browse';
}

export function pagesFor(rng: Rng, intent: Intent): number {
	if (intent === 'bounce') return 1;
	const extra = (mean: number) => Math.floor(rng.exponential(mean));
	if (intent === 'shop') return 3 + extra(3.5);
	if (intent === 'resume') return 2 + extra(3);
	return 1 + extra(2.5);
}

export function runSession(
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

export function localTime(ctx: Context, person: Person, day: number, device: DeviceType): number {
	const rng = person.rng;
	const wall = ctx.start + day * DAY;
	const weekend = [0, 6].includes(new Date(wall).getUTCDay());
	const hour = rng.weighted(HOUR_INDEX, weekend ? HOURS_WEEKEND : HOURS_WEEKDAY[device]);
	return ctx.clock.toUtc(person.zone, wall + hour * HOUR + rng.int(0, HOUR - 1));
}

export const HOUR_INDEX = Array.from({ length: 24 }, (_, i) => i);

export function simulatePerson(ctx: Context, index: number, out: SessionRecord[]): void {
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
export function loginPrelude(rng: Rng, session: SessionRecord, before: string, after: string): void {
	const head = session.events[0];
	const begin = head.ms - 10 * SECOND;
	const row = (ms: number, event: DemoEventName, user: string, extra: Partial<Fields> = {}): Draft => ({
		...head,
		ms,
		uuid: rng.uuid7(ms),
		event,
		user_id: user,
		page_url: `${SHOP_ORIGIN}/account/login`,
		...NO_DETAILS,
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
export function shareDevices(ctx: Context, sessions: SessionRecord[], users: number): void {
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
