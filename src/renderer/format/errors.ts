import type { IpcError } from '../../shared/contract';

/**
 * The argument a refusal is about (`price`, `quantity`, `name`, …), as main names it in
 * `details.field` (src/shared/contract/refusals.ts), so a form shows the sentence beside that
 * input; null for refusals of the whole request.
 */
export function fieldOfError(error: IpcError): string | null {
  const field = error.details?.['field'];
  return typeof field === 'string' ? field : null;
}
