/**
 * The scenario registry: every scenario folder in scenarios/ registers its metadata here. It is empty
 * until the scenario pack lands; the UI says so rather than listing scenarios that cannot run.
 */
import type { ScenarioSummary } from '../core/contract';

export const scenarioRegistry: readonly ScenarioSummary[] = [];
