// Types of the privscan package. The report's full shape is the JSON
// Schema shipped as report.schema.json (privscan.report/2).

/** A scan or mask that ended without a result. */
export class ScanError extends Error {
  /** The core's error code (`not_text`, `field_too_large` …), or
   * `aborted` (cancelled) / `crashed`. */
  readonly code: string;
}

/** A coded statement of the report: words in `text`, meaning in `code`. */
export interface Message {
  code: string;
  params: Record<string, unknown>;
  text: string;
}

export type Kind = 'direct' | 'quasi' | 'sensitive' | 'none';

export interface ColumnReport {
  index: number;
  name: string;
  entity: string;
  kind: Kind;
  confidence: number;
  pi_category: string | null;
  sensitive_pi: boolean;
  evidence: Message[];
  examples: string[];
  [field: string]: unknown;
}

/** `privscan.report/2` (see report.schema.json for every field). */
export interface Report {
  schema: 'privscan.report/2';
  input: { name?: string; bytes: number; sha256: string; rows: number; columns: number; [field: string]: unknown };
  columns: ColumnReport[];
  summary: { verdict: Message; [field: string]: unknown };
  risk?: { k: number; k_target: number; [field: string]: unknown };
  suggestions?: Step[];
  masking?: Record<string, unknown>;
  [field: string]: unknown;
}

/** One masking step of a plan. */
export interface Step {
  column: number | string;
  operator: string;
  params?: Record<string, unknown>;
  why?: Message | string;
}

export type Input = File | Blob | ArrayBuffer | ArrayBufferView;

export interface CallOptions {
  /** Cancels the call: the promise rejects with ScanError code `aborted`. */
  signal?: AbortSignal;
  /** Bytes read so far, of the total. */
  onProgress?: (done: number, total: number) => void;
  /** The file name the report gives (for a Blob or bytes). */
  name?: string;
}

export interface ScanOptions extends CallOptions {
  k?: number;
  qi?: string[];
  sensitive?: string[];
  policy?: 'pipl' | 'hipaa-safe-harbor' | 'gdpr' | string;
  purpose?: string;
  encoding?: string;
  delimiter?: string;
  has_header?: boolean;
  as_of?: string;
  [option: string]: unknown;
}

export interface MaskOptions extends ScanOptions {
  /** Steps to apply; the suggested plan when absent. */
  plan?: Step[];
  /** The pseudonymisation key as hex (one is made when needed). */
  key?: string;
  encoding_out?: 'utf-8' | 'utf-8-bom' | 'gb18030';
}

export function scan(input: Input, options?: ScanOptions): Promise<Report>;

export function mask(
  input: Input,
  options?: MaskOptions,
): Promise<{ report: Report; blob: Blob; plan: Step[]; key?: string }>;

/** Stops the workers. */
export function terminate(): void;
