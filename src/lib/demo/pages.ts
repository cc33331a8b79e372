/** The shop's pages as the simulation visits them: URLs with campaign tags, dwell and scroll times. */
import { SHOP_ORIGIN } from './schema.ts';
import { DAY } from './profiles.ts';
import type { Template } from './layout.ts';
import type { Rng } from './rng.ts';
import type { Context, Page, Person, Product } from './world.ts';
import { draw, inSale } from './world.ts';

export function utmQuery(ctx: Context, person: Person, t: number): string {
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

export function withQuery(url: string, query: string): string {
	if (!query) return url;
	const hash = url.indexOf('#');
	const base = hash < 0 ? url : url.slice(0, hash);
	const frag = hash < 0 ? '' : url.slice(hash);
	return `${base}${base.includes('?') ? '&' : '?'}${query}${frag}`;
}

export function productPage(product: Product, rng: Rng): Page {
	let url = `${SHOP_ORIGIN}/products/${product.id}`;
	const r = rng.next();
	if (r < 0.07) url += `?colour=${rng.pick(['black', 'navy', 'camel', 'ecru', 'forest'])}`;
	else if (r < 0.12) url += '#reviews';
	else if (r < 0.14) url += '#size-guide';
	return { template: 'product', url, product };
}

export function categoryPage(category: string, rng: Rng, page2 = false): Page {
	let url = `${SHOP_ORIGIN}/c/${category}`;
	if (page2) url += '?page=2';
	else if (rng.chance(0.1)) url += `?sort=${rng.pick(['price_asc', 'price_desc', 'newest'])}`;
	return { template: 'category', url, category };
}

export function simplePage(template: Template, path: string): Page {
	return { template, url: `${SHOP_ORIGIN}${path}` };
}

export const DWELL_SECONDS: Record<Template, number> = {
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

export const SCROLL_SECONDS: Partial<Record<Template, number>> = {
	home: 20,
	category: 25,
	sale: 25,
	product: 35,
	search: 20,
	help: 40
};

export function searchPage(ctx: Context, rng: Rng): Page {
	const query = draw(rng, ctx.queries);
	return {
		template: 'search',
		url: `${SHOP_ORIGIN}/search?${new URLSearchParams({ q: query[0] }).toString()}`,
		query
	};
}
