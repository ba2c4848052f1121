/** Closed set of failure codes for the lifecycle module (house style: one error class per module). */
export const LIFECYCLE_ERROR_CODES = [
  'invalid_time_zone',
  'invalid_calendar',
  'calendar_without_hours',
  'invalid_duration',
  'invalid_policy',
] as const;

export type LifecycleErrorCode = (typeof LIFECYCLE_ERROR_CODES)[number];

export type PolicyIssue = { path: string; message: string };

export class LifecycleError extends Error {
  override readonly name = 'LifecycleError';
  readonly code: LifecycleErrorCode;
  /** Field-level problems, filled for `invalid_policy` so callers can render them. */
  readonly issues: readonly PolicyIssue[];

  constructor(code: LifecycleErrorCode, message: string, issues: readonly PolicyIssue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}
