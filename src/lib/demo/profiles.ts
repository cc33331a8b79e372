/**
 * What the simulated shop and its visitors are like: channels, countries, devices, hours, categories,
 * searches. Part of the demo simulation (generate.ts).
 */
import type { DeviceType } from './layout.ts';
import type { Channel } from './schema.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Share of rows repeated verbatim, as retried uploads leave in real exports. */
export const DUPLICATE_RATE = 0.003;

export interface ChannelProfile {
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

export const PROFILES: Record<Channel, ChannelProfile> = {
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

export const COUNTRIES: readonly {
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

export const DEVICE_TYPES: readonly DeviceType[] = ['mobile', 'tablet', 'desktop'];

export const BROWSERS: Record<DeviceType, { names: readonly string[]; weights: readonly number[] }> = {
	mobile: { names: ['Mobile Safari', 'Chrome', 'Samsung Internet'], weights: [55, 38, 7] },
	tablet: { names: ['Mobile Safari', 'Chrome'], weights: [70, 30] },
	desktop: { names: ['Chrome', 'Safari', 'Edge', 'Firefox'], weights: [62, 16, 14, 8] }
};

export const VIEWPORTS: Record<DeviceType, { widths: readonly number[]; weights: readonly number[] }> = {
	mobile: { widths: [375, 390, 393, 412, 430], weights: [12, 34, 18, 22, 14] },
	tablet: { widths: [768, 810, 820, 1024], weights: [35, 25, 25, 15] },
	desktop: { widths: [1280, 1366, 1440, 1536, 1920], weights: [14, 16, 34, 16, 20] }
};

/** Relative activity by local hour: phones peak in the evening, desktops across the working day. */
export const HOURS_WEEKDAY: Record<DeviceType, readonly number[]> = {
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

export const HOURS_WEEKEND: readonly number[] = [
	0.8, 0.5, 0.3, 0.15, 0.1, 0.1, 0.2, 0.5, 1, 1.6, 2.1, 2.4, 2.4, 2.3, 2.2, 2.2, 2.1, 2.1, 2.2, 2.5, 2.7, 2.5,
	1.9, 1.2
];

/** Visits by local weekday, Sunday first (Date#getUTCDay order). */
export const WEEKDAY_VISITS: readonly number[] = [1.2, 0.94, 0.92, 0.94, 0.97, 1, 1.15];
export const WEEKDAY_ARRIVALS: readonly number[] = [1.2, 0.95, 0.95, 0.95, 1, 1, 1.15];

export interface CategoryDef {
	name: string;
	median: number;
	count: number;
	/** How strongly interest grows (positive) or fades (negative) as autumn goes on. */
	season: number;
}

export const CATEGORIES: readonly CategoryDef[] = [
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
export const QUERIES: readonly (readonly [string, string | null])[] = [
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
