/** Wrapping and cutting of the profile's labels, with the 7.5 px a character estimate. */
import { describe, expect, it } from 'vitest';
import { cut, estimate, wrap } from './profile-labels.ts';

describe('profile labels', () => {
	it('wraps at spaces only, never inside a word', () => {
		// 'recency days' is 90 px; a 60 px line holds 'recency' (52.5 px) and 'days' (30 px) apart.
		expect(wrap('recency days', 60, 3, estimate)).toEqual(['recency', 'days']);
		expect(wrap('recency days', 90, 3, estimate)).toEqual(['recency days']);
		expect(wrap('sum   price', 90, 3, estimate)).toEqual(['sum price']);
	});

	it('cuts with an ellipsis a word wider than the line, and text beyond the last line', () => {
		// 30 px hold 4 characters: 'eve' and the ellipsis; 45 px hold 'occas' and the ellipsis.
		expect(wrap('events', 30, 3, estimate)).toEqual(['eve…']);
		expect(wrap('frequent, high sum price, recent', 75, 2, estimate)).toEqual(['frequent,', 'high sum …']);
		expect(cut('lapsed', 100, estimate)).toBe('lapsed');
		expect(cut('occasional', 45, estimate)).toBe('occas…');
	});
});
