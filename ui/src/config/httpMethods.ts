// The HTTP methods offered by selects, keyed by the generated union so the compiler
// flags this list when the Rust enum changes.
import type { HttpMethod } from "../bindings/HttpMethod";

const METHODS: Record<HttpMethod, true> = { GET: true, POST: true, PUT: true, PATCH: true, DELETE: true };

export const HTTP_METHODS = Object.keys(METHODS) as HttpMethod[];
