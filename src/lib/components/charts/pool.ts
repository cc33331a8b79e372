import { echarts } from './echarts.ts';

/**
 * ECharts instances kept for reuse between screens (issue 13: a cached result on screen ≤ 50 ms). Making one
 * (a zrender, its canvas and 2D context, every chart and component view) is a large part of drawing a
 * result; a screen that comes back takes a kept one instead, and ECharts reuses its views on the next
 * `setOption(…, { notMerge: true })`: those of the same series and components, by id, which is why a chart
 * takes back the instance that drew it last time (its `place`) when it is still kept. An instance that drew
 * another chart first disposes of every view it held (a few hundred elements for a cluster map). Browser only.
 */
const kept: { instance: echarts.ECharts; place: string }[] = [];
/** The charts of two screens (retention: heatmaps and curves) and a few more; the least recent go first. */
const KEEP = 10;

/**
 * An ECharts instance drawing inside `host` (an element of fixed size): the kept one that last drew at
 * `place` (the chart's name on its screen), else one of the host's size, else any kept one, else a new one.
 * Its previous picture stays until the caller's next `setOption`, which must follow at once (in the same task,
 * so no frame shows it).
 */
export function takeChart(host: HTMLElement, place: string): echarts.ECharts {
	const w = host.clientWidth;
	const h = host.clientHeight;
	let i = kept.findLastIndex((k) => k.place === place);
	// One of the host's size next: its canvas needs no new buffer.
	if (i < 0) i = kept.findLastIndex((k) => k.instance.getWidth() === w && k.instance.getHeight() === h);
	const instance = kept.splice(i >= 0 ? i : kept.length - 1, 1)[0]?.instance;
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
 * Gives back an instance from `takeChart` when its screen goes, with the `place` it drew at: kept (detached,
 * with no user handlers); past `KEEP`, the least recently given back is disposed.
 */
export function releaseChart(instance: echarts.ECharts, place: string): void {
	instance.off('click');
	instance.off('finished');
	instance.dispatchAction({ type: 'hideTip' });
	instance.getDom().remove();
	// A kept chart's frame loop rests until it is taken again.
	instance.getZr().animation.stop();
	kept.push({ instance, place });
	if (kept.length > KEEP) kept.shift()?.instance.dispose();
}
