"use client";

import { z } from "zod";

/**
 * zod 4 probes for `new Function` the first time it parses an object, to
 * compile faster parsers. Under the Content-Security-Policy (no
 * 'unsafe-eval', docs/decisions/009) that probe is refused and reported as a
 * violation; jitless mode skips it. Rendered once, in the root layout, so the
 * setting runs in the browser before any form is validated.
 */
z.config({ jitless: true });

export function ZodWithoutEval(): null {
  return null;
}
