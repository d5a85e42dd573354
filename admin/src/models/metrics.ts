// Reading a model version's measurements (the API sends them as JSON text, see ModelVersion.validationMetrics
// and dataWindow): the platform's own validation of the version, its champion and the baselines.

/** One product's (or the pooled) figures. */
export interface ProductFigures {
  auc: number | null;
  brier: number;
  ece: number;
  examples: number;
  positives: number;
}

export interface ModelFigures extends ProductFigures {
  mapAtK: number;
  ndcgAtK: number;
  k: number;
  perProduct: Record<string, ProductFigures>;
}

export interface Validation {
  challenger: ModelFigures;
  /** The champion's figures on the same window, when there was one. */
  champion: ModelFigures | null;
  /** Baselines by name (e.g. popularity, logistic-regression). */
  baselines: { name: string; figures: ModelFigures }[];
}

interface Window {
  from: string;
  to: string;
}

export interface DataWindow {
  train: { featureWindow: Window; labelWindow: Window };
  validation: { featureWindow: Window; labelWindow: Window };
}

function isFigures(value: unknown): value is ModelFigures {
  const figures = value as Partial<ModelFigures> | null;
  return typeof figures === 'object' && figures !== null && typeof figures.brier === 'number';
}

/** The version's validation, or null when it has none or the text is not what the API documents. */
export function parseValidation(json: string | null): Validation | null {
  if (!json) return null;
  let value: { challenger?: unknown; champion?: unknown; baselines?: unknown };
  try {
    value = JSON.parse(json) as typeof value;
  } catch {
    return null;
  }
  if (!isFigures(value.challenger)) return null;
  const baselines = Object.entries((value.baselines ?? {}) as Record<string, unknown>)
    .filter((entry): entry is [string, ModelFigures] => isFigures(entry[1]))
    .map(([name, figures]) => ({ name, figures }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    challenger: value.challenger,
    champion: isFigures((value.champion as { metrics?: unknown } | null)?.metrics)
      ? (value.champion as { metrics: ModelFigures }).metrics
      : null,
    baselines,
  };
}

/** The baseline with the highest AUC (what a version must beat), or null without one with an AUC. */
export function bestBaseline(validation: Validation): { name: string; figures: ModelFigures } | null {
  let best: { name: string; figures: ModelFigures } | null = null;
  for (const baseline of validation.baselines) {
    if (baseline.figures.auc === null) continue;
    if (!best || baseline.figures.auc > best.figures.auc!) best = baseline;
  }
  return best;
}

export function parseDataWindow(json: string): DataWindow | null {
  try {
    const value = JSON.parse(json) as Partial<DataWindow>;
    return value.train?.featureWindow && value.validation?.labelWindow ? (value as DataWindow) : null;
  } catch {
    return null;
  }
}

const day = (iso: string) => iso.slice(0, 10);

/** "2026-01-01 – 2026-04-01" (UTC days; the end is exclusive). */
export function windowText(window: Window): string {
  return `${day(window.from)} – ${day(window.to)}`;
}

/** A metric with three decimals, or "—" when it could not be computed. */
export function metric(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(3) : '—';
}

/** Signed difference with three decimals, e.g. "+0.060"; "—" when either side is missing. */
export function difference(value: number | null | undefined, than: number | null | undefined): string {
  if (typeof value !== 'number' || typeof than !== 'number') return '—';
  const delta = value - than;
  return `${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(3)}`;
}
