/**
 * Text from a response never reaches a message raw (CWE-117, log forging): C0/C1 controls, line
 * separators and bidi controls are escaped, in the PoP error format, OAuth errors, response-shape issues
 * and redirect hosts. End to end, the hostile text comes from the real local PoP's fault injection.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EncryptionType, StorageAuthenticationError, StorageServerError } from '../../src/index.js';
import { escapeControlCharacters } from '../../src/text/control-characters.js';
import { summariseErrorBody } from '../../src/transport/error-mapping.js';
import { storageFor } from '../storage/support/storages.js';
import { useLocalPop } from '../storage/support/test-pop.js';

const ctx = useLocalPop();
const HOSTILE = 'bad\r\nincountry: OK: all good\x1b[2J\x07\x9b31m\u202eevil\u2066\u2028\u200f';
// Every character the escaping must remove, and nothing else of the text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the test
const RAW = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the test
const INJECTED = /[\r\u001b\u0007\u009b\u202e\u2066\u2028\u200f]|\n(?=incountry)/;

describe('escapeControlCharacters', () => {
  it('escapes C0, DEL, C1, line separators and bidi controls; leaves other text and backslashes alone', () => {
    expect(
      escapeControlCharacters('a\r\nb\x1b[0m\x07\x7f\x85\u2028\u202e\u2067\u200e\u061c c:\\path é 😀'),
    ).toBe('a\\x0D\\x0Ab\\x1B[0m\\x07\\x7F\\x85\\u2028\\u202E\\u2067\\u200E\\u061C c:\\path é 😀');
    expect(escapeControlCharacters('plain text')).toBe('plain text');
  });

  it('summaries of PoP and OAuth error bodies are escaped', () => {
    const pop = summariseErrorBody(
      JSON.stringify({ errors: [{ title: 'x', source: 'body\r\n', detail: HOSTILE }] }),
    );
    const oauth = summariseErrorBody(JSON.stringify({ error: 'invalid\x1b[1m', error_description: HOSTILE }));
    for (const text of [pop, oauth]) {
      expect(text).not.toMatch(RAW);
      expect(text).toContain('bad\\x0D\\x0Aincountry: OK');
    }
  });
});

describe('end to end: a hostile PoP error body (fault injected by the local PoP)', () => {
  it('a storage error detail with CR, LF, ESC, BEL, C1 and bidi overrides is escaped in message, JSON and inspect', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.OFF);
    ctx.pop.admin.addFault({ route: 'read', status: 404, detail: HOSTILE, times: 1 });
    const error = (await storage
      .read('us', 'k')
      .catch((e: unknown) => e as StorageServerError)) as StorageServerError;
    expect(error).toBeInstanceOf(StorageServerError);
    // Stacks and inspect output have line breaks of their own; none of the injected characters survive.
    for (const view of [error.message, JSON.stringify(error), inspect(error, { showHidden: true })])
      expect(view).not.toMatch(INJECTED);
    expect(error.message).toContain('bad\\x0D\\x0Aincountry: OK: all good\\x1B[2J\\x07');
  });

  it('a token endpoint error description is escaped too', async () => {
    const storage = await storageFor(ctx.pop, EncryptionType.OFF);
    ctx.pop.admin.addFault({ route: 'token', status: 400, detail: HOSTILE });
    const error = (await storage
      .read('us', 'k')
      .catch((e: unknown) => e as StorageAuthenticationError)) as StorageAuthenticationError;
    expect(error).toBeInstanceOf(StorageAuthenticationError);
    expect(error.message).not.toMatch(RAW);
    expect(error.message).toContain('\\x1B[2J');
  });
});
