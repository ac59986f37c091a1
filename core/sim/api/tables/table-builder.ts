// Builds meta.k8s.io/v1 Table responses (notes §4). kubectl needs row.object: the LABELS column
// (--show-labels) and NAMESPACE column (-A) are filled client-side from it, and --sort-by asks for
// includeObject=Object to sort on arbitrary fields (pitfall 6).
import { printerFor, type Cell, type ColumnDefinition } from './table-printers.js';

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  /** Virtual "now" in epoch ms: ages are computed against the simulator clock, not the wall clock. */
  readonly nowMs: number;
  readonly includeObject?: IncludeObject;
  readonly resourceVersion?: string;
  readonly continueToken?: string;
  /** Omit columnDefinitions (watch events after the first, like apiserver's watchEmbeddedEncoder). */
  readonly omitColumns?: boolean;
}

export interface TableRow {
  cells: Cell[];
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  object?: Record<string, unknown>;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string };
  columnDefinitions: ColumnDefinition[];
  rows: TableRow[];
}

/** Parses `includeObject` from the query; the apiserver default is Metadata. */
export function parseIncludeObject(value: string | null | undefined): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

function partialObjectMetadata(obj: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

/** Renders objects of one resource as a Table. */
export function buildTable(resource: string, objects: readonly Record<string, unknown>[], options: TableOptions): Table {
  const printer = printerFor(resource);
  const include = options.includeObject ?? 'Metadata';
  const rows = objects.map((obj) => {
    const rendered = printer.row(obj, options.nowMs);
    const row: TableRow = { cells: rendered.cells };
    if (rendered.conditions) row.conditions = rendered.conditions;
    if (include === 'Object') row.object = obj;
    else if (include === 'Metadata') row.object = partialObjectMetadata(obj);
    return row;
  });
  const metadata: Table['metadata'] = {};
  if (options.resourceVersion !== undefined) metadata.resourceVersion = options.resourceVersion;
  if (options.continueToken) metadata.continue = options.continueToken;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: options.omitColumns ? [] : printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
