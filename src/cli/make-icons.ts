/**
 * Draws the app's PNG icons (the web manifest's, for installing Footfall) from `static/favicon.svg`, in the
 * local Chromium, so they stay the same picture as the favicon:
 *
 *   npx tsx src/cli/make-icons.ts
 *
 * Writes static/icon-192.png and static/icon-512.png (the favicon as drawn, rounded corners and all), and
 * static/icon-maskable-512.png (full-bleed background, the drawing inside the central 80 % that a launcher's
 * mask always keeps: https://web.dev/articles/maskable-icon).
 */
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const BACKGROUND = '#1f3a5f';

async function main() {
	const svg = await readFile('static/favicon.svg', 'utf8');
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu']
	});
	try {
		const page = await browser.newPage();
		const draw = async (size: number, maskable: boolean, out: string) => {
			await page.setViewportSize({ width: size, height: size });
			const inner = maskable ? Math.round(size * 0.8) : size;
			await page.setContent(
				`<body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;` +
					`background:${maskable ? BACKGROUND : 'transparent'}">` +
					`<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`
			);
			await page.screenshot({ path: out, omitBackground: !maskable });
			console.log(out);
		};
		await draw(192, false, 'static/icon-192.png');
		await draw(512, false, 'static/icon-512.png');
		await draw(512, true, 'static/icon-maskable-512.png');
	} finally {
		await browser.close();
	}
}

await main();
