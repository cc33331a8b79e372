/** Writing one session's events. Part of the demo simulation (generate.ts). */
import { NAV, clickIn, strayClick } from './layout.ts';
import { Rng } from './rng.ts';
import type { Template } from './layout.ts';
import { NO_DETAILS, type DemoEventName } from './schema.ts';
import type { CartLine, Context, Device, Draft, Fields, Person, Product } from './world.ts';

/** Writes one session's events; the navigation logic lives in `visit`. */
export class SessionWriter {
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
			...NO_DETAILS,
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

export function productFields(p: Product): Partial<Fields> {
	return { product_id: p.id, category: p.category, price: p.price };
}

export function cartQuantity(cart: CartLine[]): number {
	return cart.reduce((n, l) => n + l.quantity, 0);
}
