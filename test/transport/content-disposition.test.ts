import { describe, expect, it } from 'vitest';
import { fileNameFromContentDisposition } from '../../src/transport/content-disposition.js';

describe('fileNameFromContentDisposition', () => {
  it.each([
    ["attachment; filename*=UTF-8''na%C3%AFve%20file.txt", 'naïve file.txt'],
    ['attachment; filename="fallback.txt"; filename*=UTF-8\'\'real.txt', 'real.txt'],
    ['attachment; filename="a b.txt"', 'a b.txt'],
    ['attachment; filename=plain.txt; size=3', 'plain.txt'],
    ['attachment; filename="q\\"uote.txt"', 'q"uote.txt'],
    ["attachment; filename*=UTF-8''bad%E0%A4%A.txt", 'bad%E0%A4%A.txt'],
    ['attachment', 'file'],
    [undefined, 'file'],
  ])('%s → %s', (header, expected) => {
    expect(fileNameFromContentDisposition(header)).toBe(expected);
  });
});
