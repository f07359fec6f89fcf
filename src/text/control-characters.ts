/**
 * Text a server sends (an error `detail`, an OAuth `error_description`, a redirect's host, a country
 * name) is escaped before it enters a message or a terminal: a raw CR, LF, ESC or BEL lets the server
 * forge log lines (CWE-117) or rewrite what a terminal shows (CWE-150), and bidi overrides reorder what a
 * reader sees. This is the one function that does it, for the client's errors and the CLI alike.
 */

// C0 controls, DEL, C1 controls, the line and paragraph separators, and the bidi marks and overrides.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character, line separator and bidi control written as an escape: `\x1B`
 * for those up to U+00FF, `\u202E` for the others. Other text, backslashes included, is unchanged.
 *
 * @example
 * escapeControlCharacters('bad\r\nincountry: OK\x1b[2J'); // 'bad\\x0D\\x0Aincountry: OK\\x1B[2J'
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    const hex = code.toString(16).toUpperCase();
    return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
  });
}
