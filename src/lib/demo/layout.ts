/**
 * Where things sit on the demo shop's pages, per device class, so simulated clicks land on plausible
 * targets and click heatmaps show buttons, menus and images rather than noise. x is a fraction of the
 * viewport width (layouts are responsive), y is in document pixels from the top of the page.
 */

import type { Rng } from './rng.ts';

export type DeviceType = 'mobile' | 'tablet' | 'desktop';

export type Template =
	| 'home'
	| 'category'
	| 'sale'
	| 'product'
	| 'search'
	| 'cart'
	| 'checkout'
	| 'complete'
	| 'login'
	| 'signup'
	| 'account'
	| 'help';

type Box = readonly [x0: number, x1: number, y0: number, y1: number];
type Spot = Readonly<Record<DeviceType, Box>>;

export const NAV = {
	logo: { desktop: [0.03, 0.12, 18, 62], tablet: [0.04, 0.2, 14, 56], mobile: [0.35, 0.65, 12, 52] },
	links: { desktop: [0.22, 0.62, 24, 56], tablet: [0.05, 0.95, 64, 100], mobile: [0.03, 0.13, 12, 52] },
	menu: { desktop: [0.22, 0.62, 24, 56], tablet: [0.05, 0.95, 64, 100], mobile: [0.05, 0.7, 90, 470] },
	search: { desktop: [0.68, 0.84, 20, 60], tablet: [0.7, 0.84, 14, 56], mobile: [0.72, 0.81, 12, 52] },
	account: { desktop: [0.87, 0.9, 24, 56], tablet: [0.86, 0.9, 14, 56], mobile: [0.82, 0.88, 12, 52] },
	cart: { desktop: [0.93, 0.97, 22, 58], tablet: [0.92, 0.97, 14, 56], mobile: [0.89, 0.98, 12, 52] }
} as const satisfies Record<string, Spot>;

export const SPOTS = {
	home: {
		hero: { desktop: [0.05, 0.95, 90, 640], tablet: [0, 1, 110, 600], mobile: [0, 1, 60, 420] },
		heroButton: {
			desktop: [0.42, 0.58, 520, 584],
			tablet: [0.35, 0.65, 520, 580],
			mobile: [0.15, 0.85, 440, 492]
		},
		featured: {
			desktop: [0.05, 0.95, 760, 1180],
			tablet: [0.04, 0.96, 700, 1500],
			mobile: [0.03, 0.97, 560, 1500]
		},
		newsletter: {
			desktop: [0.3, 0.7, 1500, 1560],
			tablet: [0.1, 0.9, 1900, 1960],
			mobile: [0.05, 0.95, 2500, 2560]
		}
	},
	category: {
		filters: {
			desktop: [0.02, 0.19, 170, 720],
			tablet: [0.04, 0.48, 120, 160],
			mobile: [0.04, 0.48, 66, 108]
		},
		sort: { desktop: [0.8, 0.96, 120, 160], tablet: [0.52, 0.96, 120, 160], mobile: [0.52, 0.96, 66, 108] },
		grid: {
			desktop: [0.22, 0.98, 180, 2300],
			tablet: [0.03, 0.97, 180, 2800],
			mobile: [0.02, 0.98, 120, 3400]
		},
		nextPage: {
			desktop: [0.5, 0.7, 2380, 2420],
			tablet: [0.35, 0.65, 2880, 2930],
			mobile: [0.3, 0.7, 3480, 3530]
		}
	},
	product: {
		gallery: { desktop: [0.05, 0.52, 110, 780], tablet: [0.03, 0.97, 110, 700], mobile: [0, 1, 56, 440] },
		size: { desktop: [0.57, 0.9, 380, 440], tablet: [0.05, 0.95, 860, 920], mobile: [0.04, 0.96, 560, 612] },
		buy: { desktop: [0.57, 0.9, 520, 582], tablet: [0.05, 0.95, 960, 1016], mobile: [0.04, 0.96, 640, 692] },
		reviews: {
			desktop: [0.05, 0.5, 920, 964],
			tablet: [0.03, 0.6, 1200, 1244],
			mobile: [0.04, 0.96, 1120, 1164]
		},
		related: {
			desktop: [0.05, 0.95, 1320, 1660],
			tablet: [0.03, 0.97, 1600, 2000],
			mobile: [0.02, 0.98, 1720, 2200]
		}
	},
	search: {
		results: {
			desktop: [0.05, 0.95, 200, 1800],
			tablet: [0.03, 0.97, 180, 2200],
			mobile: [0.02, 0.98, 150, 2800]
		},
		refine: { desktop: [0.25, 0.75, 110, 150], tablet: [0.1, 0.9, 100, 140], mobile: [0.04, 0.96, 70, 110] }
	},
	cart: {
		checkout: {
			desktop: [0.68, 0.95, 420, 476],
			tablet: [0.05, 0.95, 700, 752],
			mobile: [0.04, 0.96, 560, 612]
		},
		quantity: {
			desktop: [0.44, 0.54, 200, 520],
			tablet: [0.5, 0.7, 180, 560],
			mobile: [0.55, 0.75, 140, 420]
		},
		continue: {
			desktop: [0.05, 0.25, 580, 616],
			tablet: [0.05, 0.45, 780, 820],
			mobile: [0.04, 0.96, 640, 684]
		}
	},
	checkout: {
		form: {
			desktop: [0.08, 0.52, 180, 860],
			tablet: [0.05, 0.95, 160, 1100],
			mobile: [0.04, 0.96, 120, 1200]
		},
		pay: {
			desktop: [0.56, 0.9, 880, 940],
			tablet: [0.05, 0.95, 1160, 1216],
			mobile: [0.04, 0.96, 1260, 1316]
		}
	},
	form: {
		fields: {
			desktop: [0.35, 0.65, 220, 420],
			tablet: [0.15, 0.85, 220, 460],
			mobile: [0.05, 0.95, 160, 440]
		},
		submit: {
			desktop: [0.35, 0.65, 440, 490],
			tablet: [0.15, 0.85, 480, 530],
			mobile: [0.05, 0.95, 470, 520]
		}
	},
	complete: {
		continue: {
			desktop: [0.4, 0.6, 620, 670],
			tablet: [0.25, 0.75, 700, 750],
			mobile: [0.05, 0.95, 720, 770]
		}
	}
} as const satisfies Record<string, Record<string, Spot>>;

/** Document height in pixels, for turning clicks and dwell into a scroll depth. */
const PAGE_HEIGHT: Record<Template, Record<DeviceType, number>> = {
	home: { desktop: 2000, tablet: 2400, mobile: 3200 },
	category: { desktop: 2500, tablet: 3000, mobile: 3600 },
	sale: { desktop: 2500, tablet: 3000, mobile: 3600 },
	product: { desktop: 1900, tablet: 2300, mobile: 2600 },
	search: { desktop: 2000, tablet: 2400, mobile: 3000 },
	cart: { desktop: 900, tablet: 1100, mobile: 1200 },
	checkout: { desktop: 1100, tablet: 1400, mobile: 1600 },
	complete: { desktop: 900, tablet: 1000, mobile: 1100 },
	login: { desktop: 800, tablet: 900, mobile: 900 },
	signup: { desktop: 900, tablet: 1000, mobile: 1100 },
	account: { desktop: 1000, tablet: 1200, mobile: 1500 },
	help: { desktop: 2400, tablet: 2800, mobile: 4200 }
};

const VIEWPORT_HEIGHT: Record<DeviceType, number> = { desktop: 820, tablet: 1000, mobile: 720 };

export function pageHeight(template: Template, device: DeviceType): number {
	return PAGE_HEIGHT[template][device];
}

export function viewportHeight(device: DeviceType): number {
	return VIEWPORT_HEIGHT[device];
}

/** A click inside a target: centred, with a few presses landing just outside, as real taps do. */
export function clickIn(
	rng: Rng,
	spot: Spot,
	device: DeviceType,
	viewport: number
): { x: number; y: number } {
	const [x0, x1, y0, y1] = spot[device];
	const slack = rng.chance(0.05) ? 0.25 : 0;
	const fx = x0 + (x1 - x0) * (rng.triangular() * (1 + 2 * slack) - slack);
	const y = y0 + (y1 - y0) * (rng.triangular() * (1 + 2 * slack) - slack);
	return {
		x: Math.min(viewport - 1, Math.max(0, Math.round(fx * viewport))),
		y: Math.max(0, Math.round(y))
	};
}

/** A stray click anywhere in the visible part of the page. */
export function strayClick(
	rng: Rng,
	template: Template,
	device: DeviceType,
	viewport: number
): { x: number; y: number } {
	const h = Math.min(pageHeight(template, device), viewportHeight(device) * 1.5);
	return { x: rng.int(0, viewport - 1), y: rng.int(0, Math.round(h)) };
}
