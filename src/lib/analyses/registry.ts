/**
 * Every analysis, in navigation order: one line each. Validation, defaults, hashing, the engine's run, the
 * CLI, the result cache and the navigation read this list (docs/ARCHITECTURE.md, "Add an analysis").
 */
import { retention } from './retention/index.ts';
import { trend } from './trend/index.ts';
import { segment } from './segment/index.ts';
import { rfm } from './rfm/index.ts';
import { lifecycle } from './lifecycle/index.ts';
import { stickiness } from './stickiness/index.ts';
import { kpi } from './kpi/index.ts';
import { engagement } from './engagement/index.ts';
import { overlap } from './overlap/index.ts';
import { heatmap } from './heatmap/index.ts';
import { churn } from './churn/index.ts';
import { paths } from './paths/index.ts';
import { kmeans } from './kmeans/index.ts';
import { funnel } from './funnel/index.ts';
import type { RuntimeAnalysis } from './types.ts';

export const ANALYSES = [
	trend,
	retention,
	funnel,
	segment,
	overlap,
	kpi,
	stickiness,
	lifecycle,
	engagement,
	rfm,
	heatmap,
	churn,
	paths,
	kmeans
] as const;

type Definition = (typeof ANALYSES)[number];

/** The kind of every analysis: `'retention' | 'trend' | …`. */
export type AnalysisKind = Definition['kind'];

/** The definition of one kind, with its own spec and result types. */
export type DefinitionOf<K extends AnalysisKind> = Extract<Definition, { kind: K }>;

/** A spec with every default applied (what `parse` returns), one type per kind. */
export type AnalysisSpec = ReturnType<Definition['parse']>;

/** A spec as a person or a file writes it: `kind` and any fields, the rest left to defaults. */
export type AnalysisSpecInput = NonNullable<Definition['input']>;

/** The spec of one kind, with defaults applied or as written. */
export type SpecOf<K extends AnalysisKind> = ReturnType<DefinitionOf<K>['parse']>;
export type SpecInputOf<K extends AnalysisKind> = NonNullable<DefinitionOf<K>['input']> | SpecOf<K>;

/** The result of one kind (SEMANTICS), typed per kind. */
export type ResultOf<K extends AnalysisKind> =
	DefinitionOf<K> extends { shape(...a: never[]): infer R }
		? R
		: DefinitionOf<K> extends { execute(...a: never[]): Promise<infer R> }
			? R
			: never;

export type AnalysisResult = ResultOf<AnalysisKind>;

const byKind = new Map<string, RuntimeAnalysis>(ANALYSES.map((d) => [d.kind, d]));

/** The definition of `kind` as the shared machinery holds it, or undefined for a kind no analysis has. */
export function findAnalysis(kind: unknown): RuntimeAnalysis | undefined {
	return typeof kind === 'string' ? byKind.get(kind) : undefined;
}

/** The definition of a spec's kind. Throws when no analysis has that kind. */
export function analysisOf(spec: { kind: string }): RuntimeAnalysis {
	const d = byKind.get(spec.kind);
	if (!d) throw new Error(`Unknown analysis kind ${JSON.stringify(spec.kind)}`);
	return d;
}
