// The click-heatmap benchmark's input: a PostHog-style export of `$autocapture` clicks made by a seeded
// generator (mulberry32, one stream), so every run times the same rows. What it models:
//   - 20,000 users, each on one device: phones (360–430 px viewports), tablets (768–1024 px) and desktops
//     (1280–2560 px), `$device_type` written as PostHog does (`Mobile`, `Tablet`, `Desktop`);
//   - 200 pages of one shop (home, categories, products, cart, checkout, blog, help) under about 10,000
//     URLs: the same page with query strings (utm tags, refs), fragments, a trailing slash or an upper-case
//     host, as real `$current_url` values are;
//   - each page has 4–12 elements (buttons, links, images) at a fixed share of the width and a depth that
//     differs between phone and desktop layouts; clicks land around them (a few px of spread), 10 % anywhere;
//   - users come back in sessions over 60 days, see a few pages per session and click a few times per page,
//     seconds apart; 4.5 % of click actions are quick bursts: rage clicks (2.5 %: 3–9 clicks 80–450 ms
//     apart within a few px), double clicks (1.5 %: 2 clicks) and fast clicks spread wider than 30 px
//     (0.5 %, 3 clicks, mostly not rage). At 1M rows that makes 17 % of clicks with another click of the
//     same user within 1 s (the rage-click candidates) and about 22,000 rage bursts: a hard case;
//   - rows are written in time order.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 } from '../unit/support/random.ts';

export const CLICK_HEADER =
	'uuid,timestamp,event,distinct_id,$current_url,$pointer_x,$pointer_y,$viewport_width,$device_type';

const USERS = 20_000;
const PAGES = 200;
const URLS_PER_PAGE = 50;
const T0 = Date.UTC(2025, 5, 1);
const DAYS = 60;

const DEVICES = [
	{ type: 'Mobile', share: 0.55, widths: [360, 375, 390, 393, 412, 414, 430] },
	{ type: 'Tablet', share: 0.1, widths: [768, 800, 810, 820, 834, 1024] },
	{ type: 'Desktop', share: 0.35, widths: [1280, 1366, 1440, 1536, 1680, 1920, 2560] }
];

interface Element {
	fx: number;
	/** Depth in px on a phone and on a desktop layout (tablets in between). */
	yMobile: number;
	yDesktop: number;
	weight: number;
}

/** Writes `rows` click rows (plus a header) to `file`, deterministic for a seed. */
export async function writeClickFile(file: string, rows: number, seed = 11): Promise<void> {
	const rand = mulberry32(seed);
	const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
	const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
	const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

	const paths = Array.from({ length: PAGES }, (_, i) =>
		i === 0
			? '/'
			: i < 20
				? `/category/c${i}`
				: i < 170
					? `/products/p${i}`
					: [`/cart`, `/checkout`, `/blog/post-${i}`, `/help/topic-${i}`][i % 4] + (i % 4 < 2 ? `-${i}` : '')
	);
	const urls = paths.map((p) =>
		Array.from({ length: URLS_PER_PAGE }, (_, v) => {
			const host = v % 17 === 3 ? 'https://Shop.Example' : 'https://shop.example';
			const slash = v % 11 === 5 && p !== '/' ? '/' : '';
			const query = v === 0 ? '' : v % 3 === 0 ? `?ref=r${v}` : `?utm_source=s${v % 7}&utm_campaign=c${v}`;
			return `${host}${p}${slash}${query}${v % 13 === 7 ? '#top' : ''}`;
		})
	);
	const layouts: Element[][] = paths.map(() =>
		Array.from({ length: int(4, 12) }, () => {
			const yDesktop = Math.floor(rand() * rand() * 3000);
			return {
				fx: 0.05 + 0.9 * rand(),
				yDesktop,
				yMobile: Math.floor(yDesktop * (1.6 + rand())),
				weight: rand()
			};
		})
	);
	// Popular pages get most visits (a Zipf-like law).
	const pageWeight = paths.map((_, i) => 1 / (i + 1) ** 0.8);
	const pageTotal = pageWeight.reduce((s, w) => s + w, 0);
	const pickPage = () => {
		let r = rand() * pageTotal;
		for (let i = 0; i < PAGES; i++) if ((r -= pageWeight[i]) < 0) return i;
		return PAGES - 1;
	};

	const times = new Float64Array(rows);
	const lines: string[] = new Array(rows);
	let n = 0;
	const push = (ms: number, line: string) => {
		if (n >= rows) return;
		times[n] = ms;
		lines[n++] = line;
	};
	const perUser = Math.ceil(rows / USERS);
	for (let u = 0; n < rows; u++) {
		const r = rand();
		const dev =
			r < DEVICES[0].share ? DEVICES[0] : r < DEVICES[0].share + DEVICES[1].share ? DEVICES[1] : DEVICES[2];
		const vw = pick(dev.widths);
		const depthShare = dev.type === 'Mobile' ? 0 : dev.type === 'Tablet' ? 0.5 : 1;
		const user = `u${String(u).padStart(6, '0')}`;
		// Heavy and light users: the number of clicks per user varies tenfold around the mean.
		const budget = Math.max(3, Math.round(perUser * (0.2 + 1.6 * rand() ** 2) * 1.4));
		let clicks = 0;
		while (clicks < budget) {
			let t = T0 + Math.floor(rand() * DAYS * 86_400_000);
			for (let visit = int(1, 6); visit > 0 && clicks < budget; visit--) {
				const page = pickPage();
				const url = pick(urls[page]);
				const layout = layouts[page];
				const total = layout.reduce((s, e) => s + e.weight, 0);
				for (let c = int(1, 6); c > 0 && clicks < budget; c--) {
					let x: number;
					let y: number;
					if (rand() < 0.1) {
						x = int(0, vw - 1);
						y = int(0, 4000);
					} else {
						let w = rand() * total;
						const el = layout.find((e) => (w -= e.weight) < 0) ?? layout[0];
						const elY = el.yMobile + (el.yDesktop - el.yMobile) * depthShare;
						x = Math.round(el.fx * vw + normal() * 0.015 * vw);
						y = Math.round(elY + normal() * 8);
					}
					x = Math.min(vw - 1, Math.max(0, x));
					y = Math.max(0, y);
					const burst = rand();
					// Rage (2.5 %), double (1.5 %), or fast but spread (0.5 %) bursts; else one click.
					const size = burst < 0.025 ? int(3, 9) : burst < 0.04 ? 2 : burst < 0.045 ? 3 : 1;
					const spread = burst >= 0.04 && burst < 0.045 ? 60 : 6;
					let bt = t;
					for (let b = 0; b < size; b++) {
						const bx = b === 0 ? x : Math.min(vw - 1, Math.max(0, x + Math.round(normal() * spread)));
						const by = b === 0 ? y : Math.max(0, y + Math.round(normal() * spread));
						const ms = bt;
						push(
							ms,
							`${u}.${clicks},${new Date(ms).toISOString()},$autocapture,${user},${url},${bx},${by},${vw},${dev.type}`
						);
						clicks++;
						bt += int(80, 450);
					}
					t = bt + Math.floor(1500 + 20_000 * rand() ** 2);
				}
				t += int(5_000, 90_000);
			}
		}
	}
	const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a] - times[b] || a - b);
	const out = createWriteStream(file);
	out.write(CLICK_HEADER + '\n');
	for (const i of order) if (!out.write(`c${lines[i]}\n`)) await once(out, 'drain');
	out.end();
	await once(out, 'finish');
}
