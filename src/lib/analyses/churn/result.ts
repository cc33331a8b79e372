/** The result of a churn analysis (SEMANTICS §8 `churn`). Times are ISO-8601 UTC; shares are 0..1. */
import type { CalibrationBin, HistogramBin, Platt, RocPoint } from './metrics.ts';
import type { RawFeature } from './compile.ts';

/** One model feature: the raw per-user measure, how it was transformed, its training mean and SD. */
export interface ChurnFeature {
	name: RawFeature;
	label: string;
	/** `log1p` for counts and days; `signed log1p` (sign(x)·log(1 + |x|)) for money, which can be negative. */
	transform: 'log1p' | 'signed log1p';
	/** Mean and population SD of the transformed feature over the fitted training users (the z-score). */
	mean: number;
	sd: number;
}

/** A coefficient on a standardized feature: the change in log-odds of churning per SD of the feature. */
export interface ChurnCoefficient {
	feature: RawFeature;
	label: string;
	beta: number;
	/** e^β: how the odds of churning multiply per SD more of the feature. */
	oddsRatio: number;
	/** In words: "more events → lower risk (odds × 0.42 per SD)". */
	meaning: string;
}

/** The parameters that produced the result, resolved (the cutoffs as instants). */
export interface ChurnParams {
	horizonDays: number;
	/** Validation cutoff; the model is trained at `trainCutoff` = cutoff − horizon. */
	cutoff: string;
	trainCutoff: string;
	/** Scores use each user's events up to here: the last event of the data in the date range. */
	scoredAt: string;
	l2: number;
	threshold: number;
	seed: number;
	/** Share of training users held out for Platt scaling. */
	holdout: number;
	weighting: 'balanced';
	solver: 'newton';
	event: string | null;
	monetary: string | null;
}

export interface ChurnUserRow {
	user: string;
	/** Calibrated probability of no activity in the next `horizon` days. */
	risk: number;
	recencyDays: number;
	tenureDays: number;
	events: number;
	activeDays: number;
	sessions: number;
	recentEvents: number;
	monetary: number | null;
}

export interface ChurnResult {
	params: ChurnParams;
	features: ChurnFeature[];
	intercept: number;
	coefficients: ChurnCoefficient[];
	platt: Platt;
	/** Users active before the training cutoff; `fitted` of them fit the model, `holdout` fit Platt. */
	train: { users: number; churned: number; fitted: number; holdout: number; iterations: number };
	/** Out of time: users active before `cutoff`, scored by the model, labelled by the horizon after it. */
	validation: {
		users: number;
		churned: number;
		/** Null when all validation users churned or none did. */
		auc: number | null;
		/** Mean squared error of the calibrated probability. */
		brier: number;
		roc: RocPoint[];
		calibration: CalibrationBin[];
	};
	/** Every user with an event in scope, scored from all their events. */
	scores: { users: number; atRisk: number; mean: number; histogram: HistogramBin[] };
	/** With `perUser`: every scored user, riskiest first (ties by user id). */
	rows?: ChurnUserRow[];
}
