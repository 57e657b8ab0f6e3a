/** Reading the answers of the API handlers. */
import type { Response } from '../../../src/lib/http';

/** The JSON object an answer carries. */
export function bodyOf(response: Response): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}
