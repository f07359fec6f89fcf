/**
 * The file name from a `Content-Disposition` header (docs/protocol.md#attachments): `filename*=UTF-8''…` preferred,
 * else a (quoted) `filename=`, else `file`.
 *
 * @example
 * fileNameFromContentDisposition("attachment; filename*=UTF-8''na%C3%AFve.txt"); // 'naïve.txt'
 * fileNameFromContentDisposition('attachment; filename="a b.txt"'); // 'a b.txt'
 */
export function fileNameFromContentDisposition(header: string | undefined): string {
  if (header === undefined) return 'file';
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]*)/i.exec(header);
  if (extended?.[2] !== undefined) {
    const decoded = safeDecode(extended[2].trim());
    if (decoded !== '') return decoded;
  }
  const plain = /(?:^|;)\s*filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/i.exec(header);
  if (plain?.[1] !== undefined) {
    let value = plain[1].trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (value !== '') return value;
  }
  return 'file';
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
