import { readFileSync } from 'node:fs';

function packageVersion(): string {
  // src/transport/ and dist/transport/ are both two levels below package.json; reading it at run time keeps
  // package.json outside the compiled tree (tsc's rootDir is src/).
  try {
    const raw: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const version = (raw as { version?: unknown }).version;
    return typeof version === 'string' ? version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The `User-Agent` sent on every request (PROTOCOL §d.1): `SDK-TypeScript/<package version>`. */
export const USER_AGENT = `SDK-TypeScript/${packageVersion()}`;
