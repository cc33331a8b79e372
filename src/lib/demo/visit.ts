/**
 * One page visit and where the person goes next: the shop's navigation. Part of the demo simulation
 * (generate.ts).
 */
import { SPOTS, clickIn, pageHeight, viewportHeight } from './layout.ts';
import { CATEGORIES, MINUTE, SECOND } from './profiles.ts';
import { SessionWriter, cartQuantity, productFields } from './session.ts';
import { draw, inSale, pickProduct } from './world.ts';
import { DWELL_SECONDS, SCROLL_SECONDS, categoryPage, productPage, searchPage, simplePage } from './pages.ts';
import type { Intent, Page } from './world.ts';

/** Shows one page and returns where the person goes next, or null when the session ends. */
export function visit(
	s: SessionWriter,
	page: Page,
	intent: Intent,
	pageNo: number,
	budget: number
): Page | null {
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
