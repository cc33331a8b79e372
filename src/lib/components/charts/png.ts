/**
 * A chart's PNG as exported: the chart image under a header band with a title and a line of settings, so
 * a PNG pasted in a deck says what it shows. Browser only (draws on a canvas).
 */
export async function pngWithTitle(
	chartPng: string,
	title: string | undefined,
	subtitle: string | undefined,
	pixelRatio = 2
): Promise<string> {
	if (!title && !subtitle) return chartPng;
	const image = new Image();
	image.src = chartPng;
	await image.decode();
	const header = (subtitle ? 52 : 32) * pixelRatio;
	const canvas = document.createElement('canvas');
	canvas.width = image.width;
	canvas.height = image.height + header;
	const g = canvas.getContext('2d');
	if (!g) return chartPng;
	g.fillStyle = '#ffffff';
	g.fillRect(0, 0, canvas.width, canvas.height);
	g.fillStyle = '#1b2430';
	g.textBaseline = 'top';
	g.font = `600 ${15 * pixelRatio}px system-ui, sans-serif`;
	g.fillText(title ?? '', 12 * pixelRatio, 8 * pixelRatio, canvas.width - 24 * pixelRatio);
	if (subtitle) {
		g.fillStyle = '#5b6573';
		g.font = `${12 * pixelRatio}px system-ui, sans-serif`;
		g.fillText(subtitle, 12 * pixelRatio, 30 * pixelRatio, canvas.width - 24 * pixelRatio);
	}
	g.drawImage(image, 0, header);
	return canvas.toDataURL('image/png');
}
