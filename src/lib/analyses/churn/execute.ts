/**
 * Churn risk (SEMANTICS §8 `churn`) in the worker: per-user features from DuckDB at three cuts (training,
 * validation, now), a balanced-weight L2 logistic regression fitted at the training cut, Platt scaling on a
 * seeded 20 % hold-out of the training users, out-of-time validation at the cutoff, then every user scored
 * from all their events.
 */
import type { Table } from 'apache-arrow';
import { Rng } from '../../demo/rng.ts';
import { SpecError } from '../../spec/check.ts';
import { churnTooShortMessage } from '../../messages.ts';
import { scopeContext } from '../scope.ts';
import type { AnalysisContext, AnalysisEngine } from '../types.ts';
import { boundsSql, featuresSql, RAW_FEATURES, type RawFeature } from './compile.ts';
import { fitLogistic, logit } from './logistic.ts';
import { auc, calibrate, calibrationBins, histogram, plattScale, rocCurve } from './metrics.ts';
import type { ChurnCoefficient, ChurnFeature, ChurnResult, ChurnUserRow } from './result.ts';
import { parseCutoff, type ChurnSpec } from './spec.ts';

const DAY = 86_400_000;
/** Share of training users held out to fit Platt scaling (SEMANTICS §8). */
export const HOLDOUT = 0.2;

/** Stops a cancelled run between steps; the engine and the messages read it as its own cancellation. */
class CancelledError extends Error {
	constructor() {
		super('Cancelled');
		this.name = 'CancelledError';
	}
}

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

/** The users of one cut: raw features (one array per feature), the label and, with ids, the user ids. */
interface CutRows {
	raw: Record<RawFeature, Float64Array>;
	churned: Float64Array;
	ids: string[];
}

function featureLabel(f: RawFeature, spec: ChurnSpec): string {
	const labels: Record<RawFeature, string> = {
		recency_days: 'days since last event',
		tenure_days: 'days since first event',
		events: 'events',
		active_days: 'active days',
		sessions: 'sessions',
		recent_events: `events in the last ${spec.horizon} days`,
		monetary: `monetary (${spec.monetary})`
	};
	return labels[f];
}

/** Splits the feature query's rows by cut (they come ordered by cut, then user key). */
function byCut(table: Table, cuts: number, withIds: boolean): CutRows[] {
	const cut = table.getChild('cut')!.toArray() as Int32Array;
	const cols = Object.fromEntries(
		RAW_FEATURES.map((f) => [f, table.getChild(f)!.toArray() as Float64Array])
	) as Record<RawFeature, Float64Array>;
	const after = table.getChild('active_after')!.toArray() as Float64Array;
	const id = withIds ? table.getChild('id')! : null;
	const out: CutRows[] = [];
	let start = 0;
	for (let c = 0; c < cuts; c++) {
		let end = start;
		while (end < cut.length && cut[end] === c) end++;
		out.push({
			raw: Object.fromEntries(RAW_FEATURES.map((f) => [f, cols[f].slice(start, end)])) as CutRows['raw'],
			churned: mapped(end - start, (i) => 1 - after[start + i]),
			ids: id ? Array.from({ length: end - start }, (_, i) => String(id.get(start + i))) : []
		});
		start = end;
	}
	return out;
}

const transform = (f: RawFeature, x: number) =>
	f === 'monetary' ? Math.sign(x) * Math.log1p(Math.abs(x)) : Math.log1p(Math.max(0, x));

/** The model's input: transformed, then z-scored with the fitted users' mean and SD (0 where SD is 0). */
function design(rows: CutRows, features: ChurnFeature[]): Float64Array[] {
	return features.map((f) => {
		const raw = rows.raw[f.name];
		// A loop of its own per feature, not `mapped`: one closure shared by every call site runs slower.
		const out = new Float64Array(raw.length);
		for (let i = 0; i < raw.length; i++) out[i] = f.sd > 0 ? (transform(f.name, raw[i]) - f.mean) / f.sd : 0;
		return out;
	});
}

/**
 * `Float64Array.from({ length: n }, (_, i) => at(i))` as a plain loop: `from` with a mapping function walks
 * an iterator, several times slower on the 10⁵ users of a million events. The same values either way.
 */
function mapped(n: number, at: (i: number) => number): Float64Array {
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) out[i] = at(i);
	return out;
}

/** Σ xs in index order (as `reduce` adds them). */
function sum(xs: ArrayLike<number>): number {
	let s = 0;
	for (let i = 0; i < xs.length; i++) s += xs[i];
	return s;
}

/**
 * Runs SEMANTICS §8 `churn`. Throws SpecError (analysis.cutoff, analysis.monetary) or an Error in the user's
 * terms when the data cannot train a model: too short for two horizons, too few users, or one class only.
 */
export async function executeChurn(
	engine: AnalysisEngine,
	spec: ChurnSpec,
	ctx: AnalysisContext
): Promise<ChurnResult> {
	const sctx = {
		...scopeContext(ctx),
		sessionGapMinutes: ctx.dataset.sessionGapMinutes ?? 30,
		sessionColumn: ctx.dataset.columns.session ?? null,
		sessionsTable: ctx.tables.has('sessions'),
		activityTable: ctx.tables.has('activity') && ctx.tables.has('users')
	};
	const check = () => {
		if (engine.isCancelled()) throw new CancelledError();
	};
	const bounds = (await engine.query(boundsSql(spec, sctx))).get(0)!;
	const lastMs = bounds.last_ms as number | null;
	const firstMs = bounds.first_ms as number | null;
	if (lastMs === null || firstMs === null) throw new Error('No counted event in scope: nothing to model.');
	const h = spec.horizon * DAY;
	const cutoffMs = spec.cutoff === null ? lastMs - h : parseCutoff(spec.cutoff);
	const trainMs = cutoffMs - h;
	if (cutoffMs + h > lastMs)
		throw new SpecError(
			'analysis.cutoff',
			`The ${spec.horizon} days after the cutoff run past the last event (${day(lastMs)}): pick a cutoff on or before ${day(lastMs - h)}.`
		);
	if (firstMs >= trainMs)
		throw new Error(
			churnTooShortMessage({
				horizon: spec.horizon,
				trainDay: day(trainMs),
				firstDay: day(firstMs),
				spanDays: Math.floor((lastMs - firstMs) / DAY),
				// The longest whole h with first < last − 2h: the training cutoff under the default cutoff.
				maxHorizon: Math.ceil((lastMs - firstMs) / (2 * DAY)) - 1,
				cutoffChosen: spec.cutoff !== null
			})
		);
	check();
	const table = await engine.query(
		featuresSql(spec, sctx, [{ atMs: trainMs }, { atMs: cutoffMs }, { atMs: lastMs }], spec.perUser)
	);
	check();
	const [train, valid, now] = byCut(table, 3, spec.perUser);
	const n = train.churned.length;
	const order = Array.from({ length: n }, (_, i) => i);
	const rng = new Rng(spec.seed);
	for (let i = n - 1; i > 0; i--) {
		const j = Math.floor(rng.next() * (i + 1));
		[order[i], order[j]] = [order[j], order[i]];
	}
	const nHold = Math.round(n * HOLDOUT);
	const hold = order.slice(0, nHold).sort((a, b) => a - b);
	const fitIdx = order.slice(nHold).sort((a, b) => a - b);
	const yFit = mapped(fitIdx.length, (k) => train.churned[fitIdx[k]]);
	const churnedFit = sum(yFit);
	if (n < 10 || churnedFit === 0 || churnedFit === yFit.length)
		throw new Error(
			`At the training cutoff (${day(trainMs)}) ${n} users were active and ${churnedFit === 0 ? 'none' : churnedFit === yFit.length ? 'all' : 'too few'} of the fitted ones churned: a model needs both leavers and stayers. Try another horizon or cutoff.`
		);

	const names = RAW_FEATURES.filter((f) => f !== 'monetary' || spec.monetary);
	const features: ChurnFeature[] = names.map((name) => {
		const raw = train.raw[name];
		const xs = mapped(fitIdx.length, (k) => transform(name, raw[fitIdx[k]]));
		const mean = sum(xs) / xs.length;
		const sd = Math.sqrt(sum(mapped(xs.length, (k) => (xs[k] - mean) ** 2)) / xs.length);
		return {
			name,
			label: featureLabel(name, spec),
			transform: name === 'monetary' ? 'signed log1p' : 'log1p',
			mean,
			sd
		};
	});
	const xTrain = design(train, features);
	const xFit = xTrain.map((col) => mapped(fitIdx.length, (k) => col[fitIdx[k]]));
	// Balanced class weights (scikit-learn's class_weight='balanced'): n / (2 · n_class).
	const wPos = yFit.length / (2 * churnedFit);
	const wNeg = yFit.length / (2 * (yFit.length - churnedFit));
	const model = fitLogistic(xFit, yFit, {
		l2: spec.l2,
		weights: mapped(yFit.length, (k) => (yFit[k] === 1 ? wPos : wNeg))
	});
	check();
	const platt = plattScale(
		Float64Array.from(hold, (i) => logit(model, xTrain, i)),
		Float64Array.from(hold, (i) => train.churned[i])
	);
	const scoresOf = (rows: CutRows) => {
		const x = design(rows, features);
		const s = new Float64Array(rows.churned.length);
		const p = new Float64Array(s.length);
		for (let i = 0; i < s.length; i++) {
			s[i] = logit(model, x, i);
			p[i] = calibrate(platt, s[i]);
		}
		return { s, p };
	};
	const v = scoresOf(valid);
	const vChurned = sum(valid.churned);
	const brier = sum(mapped(v.p.length, (i) => (v.p[i] - valid.churned[i]) ** 2)) / Math.max(1, v.p.length);
	const cur = scoresOf(now);
	let atRisk = 0;
	for (const p of cur.p) if (p > spec.threshold) atRisk++;

	const coefficients: ChurnCoefficient[] = features.map((f, j) => {
		const beta = model.coef[j];
		const oddsRatio = Math.exp(beta);
		const dir = beta > 0 ? 'higher' : beta < 0 ? 'lower' : 'no change in';
		return {
			feature: f.name,
			label: f.label,
			beta,
			oddsRatio,
			meaning: `more ${f.label} → ${dir} risk (odds × ${oddsRatio.toFixed(2)} per SD)`
		};
	});
	const result: ChurnResult = {
		params: {
			horizonDays: spec.horizon,
			cutoff: iso(cutoffMs),
			trainCutoff: iso(trainMs),
			scoredAt: iso(lastMs),
			l2: spec.l2,
			threshold: spec.threshold,
			seed: spec.seed,
			holdout: HOLDOUT,
			weighting: 'balanced',
			solver: 'newton',
			event: spec.event,
			monetary: spec.monetary
		},
		features,
		intercept: model.intercept,
		coefficients,
		platt,
		train: {
			users: n,
			churned: train.churned.reduce((s, x) => s + x, 0),
			fitted: fitIdx.length,
			holdout: nHold,
			iterations: model.iterations
		},
		validation: {
			users: valid.churned.length,
			churned: vChurned,
			auc: auc(v.s, valid.churned),
			brier,
			roc: rocCurve(v.s, valid.churned),
			calibration: calibrationBins(v.p, valid.churned, 10)
		},
		scores: {
			users: cur.p.length,
			atRisk,
			mean: cur.p.reduce((s, x) => s + x, 0) / Math.max(1, cur.p.length),
			histogram: histogram(cur.p, 20)
		}
	};
	if (spec.perUser) result.rows = userRows(now, cur.p, !!spec.monetary);
	return result;
}

function userRows(now: CutRows, p: Float64Array, money: boolean): ChurnUserRow[] {
	const rows = now.ids.map((user, i) => ({
		user,
		risk: p[i],
		recencyDays: now.raw.recency_days[i],
		tenureDays: now.raw.tenure_days[i],
		events: now.raw.events[i],
		activeDays: now.raw.active_days[i],
		sessions: now.raw.sessions[i],
		recentEvents: now.raw.recent_events[i],
		monetary: money ? now.raw.monetary[i] : null
	}));
	return rows.sort((a, b) => b.risk - a.risk || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
}
