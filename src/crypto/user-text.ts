/**
 * Text from a user's own error (a secret getter's "APP_SECRET missing"), made fit to stand in one of our
 * messages.
 */

/**
 * A user's own error text as it may enter one of our messages: the given secrets replaced by
 * `[redacted]`, control and bidi characters escaped (no log forging), at most 300 characters.
 *
 * @example
 * userText(new Error('APP_SECRET missing\n'), []); // 'APP_SECRET missing\\n'
 */
export function userText(error: unknown, secrets: readonly string[]): string | undefined {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  let text = raw;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  text = text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being escaped.
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
