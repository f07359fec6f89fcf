/**
 * What the CLI writes that a server chose (error messages, record keys of undecryptable records, the
 * countries list) reaches a terminal. Human output is escaped with the client's one escaping function: a
 * raw ESC or BEL drives the terminal, and a CR let a server overwrite the error line with
 * `incountry: OK: …` (CWE-150). JSON output stays exact JSON, with the characters JSON.stringify leaves
 * raw (DEL, C1 controls, line separators, bidi controls) written as `\u` escapes: the same value to a
 * JSON reader, and inert on a terminal.
 */
import { escapeControlCharacters } from '../text/control-characters.js';

/**
 * Server-provided text for a human-readable line.
 *
 * @example
 * terminalText('evil\r\x1b[2Jincountry: OK'); // 'evil\\x0D\\x1B[2Jincountry: OK'
 */
export function terminalText(text: string): string {
  return escapeControlCharacters(text);
}

// JSON.stringify escapes C0 controls, quotes and backslashes already; these it leaves raw.
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * One JSON value on one line, safe for a terminal and equal to `JSON.stringify(value)` for any JSON
 * reader.
 *
 * @example
 * terminalJson({ name: 'a\u202eb' }); // '{"name":"a\\u202eb"}'
 */
export function terminalJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json === undefined
    ? 'null'
    : json.replace(RAW_IN_JSON, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
