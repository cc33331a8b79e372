/**
 * The workspace menu in the header. The fault pinned here: the header draws its buttons white on its dark
 * blue, and the menu (a white card) inherited that, so every workspace name and the New, Rename, Duplicate
 * and Delete buttons were white on white: the menu looked like an empty box.
 */
import { describe, expect, test } from 'vitest';
import { appsUnderTest } from './harness.ts';

const apps = appsUnderTest();

/** WCAG 2 contrast ratio of two `rgb(…)`/`rgba(…)` colours (alpha ignored: both are opaque here). */
function contrast(a: string, b: string): number {
	const lum = (c: string) => {
		const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((x) => {
			const v = Number(x) / 255;
			return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
		});
		return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
	};
	const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

describe('the workspace menu', () => {
	test('the menu was white on white: its workspaces and actions are now readable on it', async () => {
		const app = await apps.open('?demo=0');
		const switcher = app.page.getByTestId('workspace-switcher');
		await switcher.locator('ul li').first().waitFor({ state: 'attached', timeout: 60_000 });
		await switcher.locator('summary').click();
		const buttons = switcher.locator('.menu button');
		await buttons.first().waitFor();
		const colours = await buttons.evaluateAll((els) =>
			els.map((el) => {
				// The colour behind the text: the first ancestor (or the button) with an opaque background.
				let bg = 'rgb(255, 255, 255)';
				for (let n: Element | null = el; n; n = n.parentElement) {
					const c = getComputedStyle(n).backgroundColor;
					if (c !== 'transparent' && !/rgba\([^)]*,\s*0\)/.test(c)) {
						bg = c;
						break;
					}
				}
				return { text: el.textContent?.trim() ?? '', fg: getComputedStyle(el).color, bg };
			})
		);
		expect(colours.map((c) => c.text)).toEqual(
			expect.arrayContaining(['My workspace', 'New', 'Rename', 'Duplicate', 'Delete'])
		);
		for (const c of colours)
			expect(contrast(c.fg, c.bg), `${c.text}: ${c.fg} on ${c.bg}`).toBeGreaterThan(4.5);
	});
});
