import { echarts } from './echarts.ts';

/**
 * ECharts instances kept for reuse between screens (issue 13: a cached result on screen ≤ 50 ms). Making one
 * (a zrender, its canvas and 2D context, every chart and component view) is a large part of drawing a
 * result; a screen that comes back takes a kept one instead, and ECharts reuses its views on the next
 * `setOption(…, { notMerge: true })`. Browser only.
 */
const kept: echarts.ECharts[] = [];
/** The most charts one screen draws (retention: heatmaps and curves) and a few more. */
const KEEP = 8;

/**
 * An ECharts instance drawing inside `host` (an element of fixed size): a kept one when there is one, else a
 * new one. Its previous picture stays until the caller's next `setOption`, which must follow at once (in the
 * same task, so no frame shows it).
 */
export function takeChart(host: HTMLElement): echarts.ECharts {
	// One of the host's size first: its canvas needs no new buffer.
	const w = host.clientWidth;
	const h = host.clientHeight;
	const same = kept.findLastIndex((c) => c.getWidth() === w && c.getHeight() === h);
	const instance = kept.splice(same >= 0 ? same : kept.length - 1, 1)[0];
	if (!instance) {
		const dom = document.createElement('div');
		dom.style.width = '100%';
		dom.style.height = '100%';
		host.appendChild(dom);
		return echarts.init(dom, null, { renderer: 'canvas' });
	}
	host.appendChild(instance.getDom());
	instance.getZr().animation.start();
	// The canvas alone takes the new size: `resize()` would first redraw the previous picture, and the
	// caller's setOption draws the new one at this size.
	if (w !== instance.getWidth() || h !== instance.getHeight()) instance.getZr().resize();
	return instance;
}

/**
 * Gives back an instance from `takeChart` when its screen goes: kept (detached, with no user handlers) while
 * there is room, else disposed.
 */
export function releaseChart(instance: echarts.ECharts): void {
	instance.off('click');
	instance.off('finished');
	instance.dispatchAction({ type: 'hideTip' });
	if (kept.length >= KEEP) {
		instance.dispose();
		return;
	}
	instance.getDom().remove();
	// A kept chart's frame loop rests until it is taken again.
	instance.getZr().animation.stop();
	kept.push(instance);
}
