// Origins as a secret's binding names them (`https://api.example.com`). Only to pre-fill
// and tidy what the forms show: Rust checks every binding (set_secret and bind_secret
// refuse an origin that is not http(s), or plain HTTP beyond this machine unless allowed).

/** The origin of an http(s) URL, as the browser reads it (default port dropped); null otherwise. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.hostname === "") return null;
  return parsed.origin;
}

/** `origins` with `origin` added at the end, once. */
export function withOrigin(origins: readonly string[], origin: string): string[] {
  return origins.includes(origin) ? [...origins] : [...origins, origin];
}

/** Whether two lists name the same origins, in any order. */
export function sameOrigins(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((o) => b.includes(o));
}
