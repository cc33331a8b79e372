/**
 * Small seeded random source for the demo generator. sfc32 rather than mulberry32: the generator gives every
 * simulated person their own stream, and mulberry32's 32-bit state makes overlapping streams likely across
 * thousands of people (https://pracrand.sourceforge.net/RNG_engines.txt lists sfc32 as passing PractRand).
 */

function splitmix32(x: number): number {
	let z = (x + 0x9e3779b9) | 0;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
	return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
	private a: number;
	private b: number;
	private c: number;
	private d: number;

	/** Seeds from any number of integers, so `new Rng(seed, personIndex)` gives an independent stream. */
	constructor(...seeds: number[]) {
		let h = 0x6a09e667;
		for (const s of seeds) h = splitmix32(h ^ splitmix32(s | 0));
		this.a = splitmix32(h + 1);
		this.b = splitmix32(h + 2);
		this.c = splitmix32(h + 3);
		this.d = splitmix32(h + 4);
		for (let i = 0; i < 12; i++) this.uint32();
	}

	uint32(): number {
		const t = (((this.a + this.b) | 0) + this.d) | 0;
		this.d = (this.d + 1) | 0;
		this.a = this.b ^ (this.b >>> 9);
		this.b = (this.c + (this.c << 3)) | 0;
		this.c = (this.c << 21) | (this.c >>> 11);
		this.c = (this.c + t) | 0;
		return t >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		return this.uint32() / 4294967296;
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	/** Integer in [lo, hi], both inclusive. */
	int(lo: number, hi: number): number {
		return lo + Math.floor(this.next() * (hi - lo + 1));
	}

	uniform(lo: number, hi: number): number {
		return lo + (hi - lo) * this.next();
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	weighted<T>(items: readonly T[], weights: readonly number[]): T {
		let total = 0;
		for (const w of weights) total += w;
		let r = this.next() * total;
		for (let i = 0; i < items.length; i++) {
			r -= weights[i];
			if (r < 0) return items[i];
		}
		return items[items.length - 1];
	}

	/** Triangular on [0, 1] peaking at 0.5: clicks bunch towards the middle of a target. */
	triangular(): number {
		return (this.next() + this.next()) / 2;
	}

	normal(): number {
		const u = 1 - this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
	}

	logNormal(median: number, sigma: number): number {
		return median * Math.exp(sigma * this.normal());
	}

	exponential(mean: number): number {
		return -mean * Math.log(1 - this.next());
	}

	/** Gamma(shape, 1) by Marsaglia and Tsang, with the usual boost for shape < 1. */
	gamma(shape: number): number {
		if (shape < 1) return this.gamma(shape + 1) * Math.pow(1 - this.next(), 1 / shape);
		const d = shape - 1 / 3;
		const c = 1 / Math.sqrt(9 * d);
		for (;;) {
			let x: number;
			let v: number;
			do {
				x = this.normal();
				v = 1 + c * x;
			} while (v <= 0);
			v = v * v * v;
			const u = this.next();
			if (u < 1 - 0.0331 * x * x * x * x) return d * v;
			if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
		}
	}

	/** Poisson by multiplication (Knuth); the means used here stay small. */
	poisson(mean: number): number {
		if (mean <= 0) return 0;
		const limit = Math.exp(-mean);
		let k = 0;
		let p = this.next();
		while (p > limit) {
			k++;
			p *= this.next();
		}
		return k;
	}

	hex(digits: number): string {
		let s = '';
		while (s.length < digits) s += this.uint32().toString(16).padStart(8, '0');
		return s.slice(0, digits);
	}

	/** UUIDv7 layout (48-bit millisecond time, then random bits), as PostHog exports use. */
	uuid7(ms: number): string {
		const t = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
		const variant = (8 + (this.uint32() & 3)).toString(16);
		const r = this.hex(18);
		return `${t.slice(0, 8)}-${t.slice(8)}-7${r.slice(0, 3)}-${variant}${r.slice(3, 6)}-${r.slice(6, 18)}`;
	}
}
