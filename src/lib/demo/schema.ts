/**
 * The demo export's columns, event names, acquisition channels and options. Part of the demo simulation
 * (generate.ts).
 */

import type { DeviceType } from './layout.ts';

export type { DeviceType };

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

/** The columns only some events fill (products, money, clicks, scrolling, search), as a row leaves them. */
export const NO_DETAILS = {
	product_id: '',
	category: '',
	price: null,
	quantity: null,
	revenue: null,
	x: null,
	y: null,
	viewport_width: null,
	scroll_depth: null,
	search_query: ''
} as const satisfies Partial<DemoEvent>;

export interface DemoOptions {
	seed?: number;
	users?: number;
	/** First local day, `YYYY-MM-DD`; the data covers [start 00:00Z, start + days). */
	start?: string;
	days?: number;
}

export const DEMO_DEFAULTS = { seed: 42, users: 5800, start: '2025-08-25', days: 84 } as const;

export const SHOP_ORIGIN = 'https://shop.example';
