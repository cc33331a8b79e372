/** The preview's columns as `detectLayout` reads them, typed from their text. */
import type { ColumnInfo } from '../layout.ts';
import { NUMBER, type FilePreview } from './preview.ts';

const INTEGER = /^[+-]?\d+$/;
const TIMESTAMP_TEXT =
	/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?( ?(?:Z|UTC|[+-]\d{2}(?::?\d{2})?))?$/;
const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/**
 * ColumnInfo for `detectLayout` from the preview rows alone, with a simple typing that mirrors what the
 * CSV reader will infer (integers, doubles, ISO timestamps, dates, text). Numbers become JS numbers.
 */
export function previewColumnInfo(preview: FilePreview): ColumnInfo[] {
	return preview.columns.map((name, i) => {
		const cells = preview.rows.map((r) => r[i] ?? '');
		const values = cells.filter((c) => c.trim() !== '');
		const type = textType(values);
		const sample: unknown[] =
			type === 'BIGINT' || type === 'DOUBLE'
				? values.map(Number)
				: type === 'BOOLEAN'
					? values.map((v) => /^true$/i.test(v))
					: values;
		return {
			name,
			type,
			sample: sample.slice(0, 50),
			distinct: new Set(values).size,
			nulls: cells.length - values.length,
			rows: cells.length
		};
	});
}

function textType(values: string[]): string {
	if (values.length === 0) return 'VARCHAR';
	const all = (re: RegExp) => values.every((v) => re.test(v.trim()));
	if (all(INTEGER)) return 'BIGINT';
	if (all(NUMBER)) return 'DOUBLE';
	if (all(/^(true|false)$/i)) return 'BOOLEAN';
	if (all(DATE_TEXT)) return 'DATE';
	if (all(TIMESTAMP_TEXT)) {
		return values.some((v) => TIMESTAMP_TEXT.exec(v.trim())?.[1]) ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP';
	}
	return 'VARCHAR';
}
