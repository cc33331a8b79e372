/** The funnel result (SEMANTICS §3), with the time to convert and the conversion trend. */
import type { Period } from '../../spec/types.ts';
import type { FunnelOrder } from './spec.ts';

export interface FunnelStepResult {
	event: string;
	optional: boolean;
	/** Users who reached the step (an optional step: who did it, between its neighbours). */
	users: number;
	/** Shares of the step-1 users and of the previous non-optional step's users, 0..1 (0 when that is 0). */
	conversionFromStart: number;
	conversionFromPrevious: number;
	/** Users of the previous non-optional step who did not reach this one (0 for step 1). */
	dropped: number;
	/** Median seconds from the previous non-optional step (numpy's interpolated median), null for none. */
	medianSecondsFromPrevious: number | null;
}

export interface FunnelResult {
	order: FunnelOrder;
	steps: FunnelStepResult[];
	/** Per breakdown value, by step-1 users (largest first; the rest summed as "other"); [] without one. */
	breakdowns: { value: string | null; other?: true; steps: FunnelStepResult[] }[];
	timeToConvert: {
		fromStep: number;
		toStep: number;
		users: number;
		medianSeconds: number | null;
		/**
		 * The human-sized buckets of ttc-buckets.ts from the fastest user's to the slowest's (empty ones
		 * between kept); a bucket holds from <= s < to; the last possible one ends at 365 days.
		 */
		bins: { fromSeconds: number; toSeconds: number; users: number }[];
	};
	/** By the calendar period of the step-1 event: users who entered, and who went on to the last step. */
	trend: {
		period: Period;
		points: { period: string; entered: number; converted: number; conversion: number }[];
	};
	/** With `perUser`: every counted user, the index of the last non-optional step reached, optional steps done. */
	users?: { user: string; reached: number; optional: number[]; breakdown: string | null }[];
}
