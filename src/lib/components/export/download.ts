import Papa from 'papaparse';

/** Starts a download of text the page made (CSV), without any request leaving the machine. */
export function downloadText(text: string, filename: string, type = 'text/csv;charset=utf-8') {
	const url = URL.createObjectURL(new Blob([text], { type }));
	try {
		downloadDataUrl(url, filename);
	} finally {
		setTimeout(() => URL.revokeObjectURL(url), 10_000);
	}
}

export function downloadDataUrl(url: string, filename: string) {
	const a = document.createElement('a');
	a.href = url;
	a.download = filename;
	a.rel = 'noopener';
	document.body.append(a);
	a.click();
	a.remove();
}

/** CSV text with papaparse's quoting (values with commas, quotes or newlines stay intact). */
export function toCsv(header: string[], rows: unknown[][]): string {
	return Papa.unparse({ fields: header, data: rows.map((r) => r.map((v) => (v == null ? '' : v))) });
}
