/**
 * Text from a user's own error (a secret getter's "APP_SECRET missing"), made fit to stand in one of our
 * messages.
 */
import { escapeControlCharacters } from '../text/control-characters.js';

/**
 * A user's own error text as it may enter one of our messages: the given secrets replaced by
 * `[redacted]`, control and bidi characters escaped (no log forging), at most 300 characters.
 *
 * @example
 * userText(new Error('APP_SECRET missing\n'), []); // 'APP_SECRET missing\\x0A'
 */
export function userText(error: unknown, secrets: readonly string[]): string | undefined {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  let text = raw;
  // Longest first, so a secret that contains another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  text = escapeControlCharacters(text);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
