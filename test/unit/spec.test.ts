import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { withDatasetDefaults } from '../../src/lib/spec/defaults.ts';
import { canonicalJson } from '../../src/lib/spec/hash.ts';
import { SpecError } from '../../src/lib/spec/check.ts';
import { validateDataset } from '../../src/lib/spec/dataset.ts';
import {
	analysisKey,
	parseAnalysis,
	referencedColumns,
	validateRunnable
} from '../../src/lib/analyses/spec.ts';
import { withRetentionDefaults } from '../../src/lib/analyses/retention/spec.ts';

function specError(fn: () => unknown): SpecError {
	try {
		fn();
	} catch (e) {
		if (e instanceof SpecError) return e;
		throw e;
	}
	throw new Error('expected a SpecError');
}

const dataset = { files: ['events.csv'], columns: { user: 'distinct_id', time: 'timestamp' } };

describe('validation names the field', () => {
	it('rejects unknown fields, with a suggestion', () => {
		const e = specError(() => parseAnalysis({ kind: 'retention', perods: 12 }));
		expect(e.path).toBe('analysis.perods');
		expect(e.message).toContain('analysis.perods is not a known field of a retention spec');
		expect(e.message).toContain('did you mean "periods"');
		expect(specError(() => validateDataset({ ...dataset, colums: {} })).path).toBe('dataset.colums');
		expect(specError(() => validateDataset({ ...dataset, columns: { user: 'a', tiem: 'b' } })).path).toBe(
			'dataset.columns.tiem'
		);
		expect(
			specError(() => validateRunnable({ dataset, analysis: { kind: 'retention' }, extra: 1 })).path
		).toBe('extra');
	});

	it('rejects wrong types and out-of-range values', () => {
		expect(specError(() => parseAnalysis({ kind: 'retention', periods: 'twelve' })).message).toBe(
			'analysis.periods must be a whole number from 1 to 400, got "twelve"'
		);
		for (const periods of [0, 401, 2.5, null]) {
			expect(specError(() => parseAnalysis({ kind: 'retention', periods })).path).toBe('analysis.periods');
		}
		const e = specError(() => parseAnalysis({ kind: 'retention', period: 'year' }));
		expect(e.path).toBe('analysis.period');
		expect(e.message).toBe('analysis.period must be one of "day", "week", "month", got "year"');
		expect(specError(() => parseAnalysis({ kind: 'retention', breakdown: 3 })).path).toBe(
			'analysis.breakdown'
		);
		// A kind no analysis registers names the known ones; funnel was this example before funnels existed.
		expect(specError(() => parseAnalysis({ kind: 'forecast' })).message).toContain('"retention"');
		expect(specError(() => parseAnalysis({ kind: 'funnel' })).path).toBe('analysis.steps');
		expect(specError(() => parseAnalysis({})).path).toBe('analysis.kind');
		expect(specError(() => parseAnalysis([])).path).toBe('analysis');
	});

	it('checks event references and their filters', () => {
		const where = (f: unknown) => () =>
			parseAnalysis({ kind: 'retention', startEvent: { event: 'signup', where: [f] } });
		expect(specError(where({ column: 'plan', op: 'like', value: 'x' })).path).toBe(
			'analysis.startEvent.where[0].op'
		);
		expect(specError(where({ column: 'plan', op: 'like', value: 'x' })).message).toContain('"starts_with"');
		expect(specError(where({ column: 'plan', op: 'in', value: 'pro' })).path).toBe(
			'analysis.startEvent.where[0].value'
		);
		expect(specError(where({ column: 'plan', op: 'in', value: [] })).path).toBe(
			'analysis.startEvent.where[0].value'
		);
		expect(specError(where({ column: 'plan', op: 'in', value: ['a', {}] })).path).toBe(
			'analysis.startEvent.where[0].value[1]'
		);
		expect(specError(where({ column: 'plan', op: 'not_null', value: 'x' })).message).toContain(
			'takes no value'
		);
		expect(specError(where({ column: 'plan', op: '=', value: [1] })).message).toContain('use "in"');
		expect(specError(where({ column: 'plan', op: '>', value: true })).path).toBe(
			'analysis.startEvent.where[0].value'
		);
		expect(specError(where({ column: '', op: 'is_null' })).path).toBe('analysis.startEvent.where[0].column');
		expect(specError(where({ column: 'a', op: 'is_null', valu: 1 })).path).toBe(
			'analysis.startEvent.where[0].valu'
		);
		expect(
			specError(() => parseAnalysis({ kind: 'retention', returnEvent: { name: 'buy' } })).message
		).toContain('analysis.returnEvent.name is not a known field of an event reference');
		expect(specError(() => parseAnalysis({ kind: 'retention', returnEvent: 5 })).path).toBe(
			'analysis.returnEvent'
		);
	});

	it('checks dates, ranges and cohortBy', () => {
		const range = (r: unknown) => () => parseAnalysis({ kind: 'retention', dateRange: r });
		expect(specError(range({ from: '2025-02-30', to: '2025-03-01' })).path).toBe('analysis.dateRange.from');
		expect(specError(range({ from: '2025-2-3', to: '2025-03-01' })).path).toBe('analysis.dateRange.from');
		expect(specError(range({ from: '2025-03-02', to: '2025-03-01' })).path).toBe('analysis.dateRange');
		expect(specError(range({ from: '2025-03-01' })).path).toBe('analysis.dateRange');
		expect(specError(range({ since: '2025-03-01' })).path).toBe('analysis.dateRange.since');
		expect(specError(range({ last: 0, unit: 'day' })).path).toBe('analysis.dateRange.last');
		expect(specError(range({ last: 7, unit: 'year' })).path).toBe('analysis.dateRange.unit');
		expect(parseAnalysis({ kind: 'retention', dateRange: { last: 30 } })).toMatchObject({
			dateRange: { last: 30, unit: 'day' }
		});
		const e = specError(() => parseAnalysis({ kind: 'retention', cohortBy: 'property' }));
		expect(e.path).toBe('analysis.breakdown');
	});

	it('checks datasets: files, columns, time zone, dedupe, filters', () => {
		expect(specError(() => validateDataset({ ...dataset, files: [] })).path).toBe('dataset.files');
		expect(specError(() => validateDataset({ ...dataset, files: [''] })).path).toBe('dataset.files[0]');
		expect(specError(() => validateDataset({ files: ['a.csv'] })).path).toBe('dataset.columns');
		expect(specError(() => validateDataset({ files: ['a.csv'], columns: {} })).path).toBe(
			'dataset.columns.user'
		);
		const tz = specError(() => validateDataset({ ...dataset, timezone: 'Mars/Olympus_Mons' }));
		expect(tz.path).toBe('dataset.timezone');
		expect(tz.message).toContain('IANA');
		expect(validateDataset({ ...dataset, timezone: 'Europe/London' }).timezone).toBe('Europe/London');
		expect(specError(() => validateDataset({ ...dataset, dedupe: 'id' })).path).toBe('dataset.dedupe');
		expect(specError(() => validateDataset({ ...dataset, format: 'xlsx' })).message).toContain('"jsonl"');
		expect(
			specError(() => validateDataset({ ...dataset, filters: [{ column: 'x', op: 'between' }] })).path
		).toBe('dataset.filters[0].op');
		expect(specError(() => validateDataset({ ...dataset, sessionGapMinutes: 0 })).path).toBe(
			'dataset.sessionGapMinutes'
		);
		expect(specError(() => validateDataset({ ...dataset, header: 'no' })).path).toBe('dataset.header');
	});

	it('a runnable retention spec needs a time column', () => {
		const e = specError(() =>
			validateRunnable({
				dataset: { files: ['a.csv'], columns: { user: 'u' } },
				analysis: { kind: 'retention' }
			})
		);
		expect(e.path).toBe('dataset.columns.time');
		expect(specError(() => validateRunnable({ dataset })).path).toBe('analysis');
		const ok = validateRunnable({ dataset, analysis: { kind: 'retention', startEvent: 'signup' } });
		expect(ok.analysis).toMatchObject({ kind: 'retention', startEvent: { event: 'signup' } });
		expect(ok.dataset.timezone).toBe('UTC');
	});

	it('lists the columns an analysis refers to', () => {
		const a = parseAnalysis({
			kind: 'retention',
			returnEvent: { event: 'buy', where: [{ column: 'amount', op: '>', value: 3 }] },
			breakdown: 'plan'
		});
		expect(referencedColumns(a)).toEqual([
			{ path: 'analysis.returnEvent.where[0].column', column: 'amount' },
			{ path: 'analysis.breakdown', column: 'plan' }
		]);
	});
});

describe('defaults', () => {
	it('fills every retention default in one place', () => {
		expect(withRetentionDefaults({ kind: 'retention' })).toEqual({
			kind: 'retention',
			startEvent: null,
			returnEvent: null,
			type: 'first_time',
			period: 'week',
			periods: 12,
			mode: 'on',
			window: 'calendar',
			breakdown: null,
			cohortBy: 'period',
			dateRange: null,
			segment: null
		});
		expect(parseAnalysis({ kind: 'retention' })).toEqual(withRetentionDefaults({ kind: 'retention' }));
	});

	it('normalises event references', () => {
		const a = withRetentionDefaults({
			kind: 'retention',
			startEvent: 'signup',
			returnEvent: { event: 'buy', where: [] }
		});
		expect(a.startEvent).toEqual({ event: 'signup' });
		expect(a.returnEvent).toEqual({ event: 'buy' });
		expect(withRetentionDefaults({ kind: 'retention', startEvent: { event: null } }).startEvent).toBeNull();
	});

	it('fills dataset defaults; dedupe follows the id column', () => {
		expect(withDatasetDefaults({ files: ['a'], columns: { user: 'u' } })).toEqual({
			files: ['a'],
			columns: { user: 'u' },
			format: 'auto',
			eventName: 'event',
			timeUnit: 'auto',
			dateOrder: 'auto',
			timezone: 'UTC',
			weekStart: 'monday',
			dedupe: 'none',
			filters: [],
			sessionGapMinutes: 30
		});
		expect(withDatasetDefaults({ files: ['a'], columns: { user: 'u', id: 'uuid' } }).dedupe).toBe('id');
		expect(validateDataset({ files: ['a'], columns: { user: 'u', id: 'uuid' } }).dedupe).toBe('id');
		expect(
			withDatasetDefaults({ files: ['a'], columns: { user: 'u', id: 'uuid' }, dedupe: 'row' }).dedupe
		).toBe('row');
	});
});

describe('analysisKey', () => {
	it('is SHA-256 of the canonical JSON of the dataset, the kind, its version and the spec with defaults', async () => {
		const canonical =
			'{"analysis":{"breakdown":null,"cohortBy":"period","dateRange":null,"kind":"retention","mode":"on","period":"week",' +
			'"periods":12,"returnEvent":null,"segment":null,"startEvent":{"event":"signup"},' +
			'"type":"first_time","window":"calendar"},"dataset":"fp1","format":2,"kind":"retention","version":1}';
		const expected = createHash('sha256').update(canonical).digest('hex');
		expect(await analysisKey('fp1', { kind: 'retention', startEvent: 'signup' })).toBe(expected);
	});

	it('ignores key order and spelled-out defaults, and sees every real difference', async () => {
		const a = await analysisKey('fp', { kind: 'retention', period: 'week', startEvent: 'signup' });
		const b = await analysisKey('fp', {
			startEvent: { event: 'signup', where: [] },
			periods: 12,
			mode: 'on',
			kind: 'retention',
			type: 'first_time',
			segment: null,
			dateRange: null
		});
		expect(b).toBe(a);
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(await analysisKey('fp2', { kind: 'retention', startEvent: 'signup' })).not.toBe(a);
		expect(await analysisKey('fp', { kind: 'retention', startEvent: 'signup', periods: 13 })).not.toBe(a);
		expect(await analysisKey('fp', { kind: 'retention', startEvent: 'signUp' })).not.toBe(a);
	});

	it('canonical JSON sorts keys at every level', () => {
		expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: undefined, c: null })).toBe(
			'{"b":[{"x":2,"y":1}],"c":null}'
		);
	});
});
