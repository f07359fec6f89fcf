/**
 * Reads an HTTP `Retry-After` header (RFC 9110 §10.2.3): either a number of seconds or an HTTP date.
 * Returns seconds from `now` (never negative), or `undefined` when the header is absent or unreadable.
 *
 * @example
 * parseRetryAfter('3'); // 3
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT')); // 2
 */
export function parseRetryAfter(
  header: string | readonly string[] | undefined,
  now = Date.now(),
): number | undefined {
  const value = (typeof header === 'string' ? header : header?.[0])?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number(value);
  // Only accept things that look like an HTTP date: Date.parse is lenient with junk such as "1 2".
  if (!/[A-Za-z]{3}/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, (at - now) / 1000);
}
