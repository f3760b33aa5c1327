/** A staff member's signed-in session for benchmarks that drive the HTTP API like the web app does. */
export interface StaffSession {
  /** `enso_staff=…`: send on every request (writes add `enso_csrf=<csrf>` and the header). */
  cookie: string;
  /** The double-submit token writes carry in `x-csrf-token`. */
  csrf: string;
}

export async function signInStaff(baseUrl: string, email: string, password: string): Promise<StaffSession> {
  const health = await fetch(`${baseUrl}/api/health`);
  const csrf = /enso_csrf=([^;]+)/.exec(health.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `enso_csrf=${csrf}`, 'x-csrf-token': csrf },
    body: JSON.stringify({ email, password }),
  });
  const staff = /enso_staff=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (!res.ok || !staff) throw new Error(`sign-in failed: ${res.status}`);
  return { cookie: `enso_staff=${staff}`, csrf };
}

/** Headers of a JSON write: the session, the CSRF pair. */
export const writeHeaders = (s: StaffSession, extra: Record<string, string> = {}) => ({
  cookie: `${s.cookie}; enso_csrf=${s.csrf}`,
  'x-csrf-token': s.csrf,
  'content-type': 'application/json',
  ...extra,
});
