/** The package version, put in by the build (tsup.config.ts `define`; vitest.config.ts for the tests). */
declare const __INCOUNTRY_TS_VERSION__: string | undefined;

const VERSION = typeof __INCOUNTRY_TS_VERSION__ === 'string' ? __INCOUNTRY_TS_VERSION__ : '0.0.0-dev';

/** The `User-Agent` sent on every request (docs/protocol.md#request-headers): `SDK-TypeScript/<package version>`. */
export const USER_AGENT = `SDK-TypeScript/${VERSION}`;
