/**
 * Calendar days of the studio's zone ↔ instants, for a discount code's validity: the code works
 * from the start of its first day to the end of its last day in the studio's time zone.
 * Example (Europe/Paris, summer time): 2026-06-01 → 2026-05-31T22:00:00Z.
 */
function offsetMs(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The first instant of `date` (YYYY-MM-DD) in `timeZone`, as an ISO string. */
export function startOfDay(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y!, m! - 1, d!);
  let instant = guess - offsetMs(guess, timeZone);
  // Across a change of offset the first guess can be an hour off: settle on the offset at the result.
  instant = guess - offsetMs(instant, timeZone);
  return new Date(instant).toISOString();
}

/** The day after `date` (YYYY-MM-DD). */
export function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
}

/** The calendar day (YYYY-MM-DD) an instant falls on in `timeZone`. */
export function dayOf(instant: string | number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}
