/**
 * What a running PoP says about itself on `/_pop/info` and in the inspector's header: its version, mode,
 * databases (passwords redacted) and start time.
 */

declare const __INCOUNTRY_TS_VERSION__: string | undefined;

/** The package version the build puts in; sources run by tsx have none. */
export const POP_VERSION =
  typeof __INCOUNTRY_TS_VERSION__ === 'string' ? __INCOUNTRY_TS_VERSION__ : '0.0.0-dev';

/** One database of the PoP and the countries it holds (`*` = every country without its own). */
export interface PopDatabaseLabel {
  readonly countries: string;
  /** The database URL with any password replaced by `***`; `custom store` for a store passed in. */
  readonly database: string;
}

/** Facts about one running PoP, fixed when it starts. */
export interface PopAbout {
  readonly version: string;
  /** Epoch milliseconds the PoP started at. */
  readonly startedAt: number;
  readonly strict: boolean;
  /** Whether `/_pop/ui` is served. */
  readonly inspector: boolean;
  readonly databases: readonly PopDatabaseLabel[];
  readonly requestLogSize: number;
}

/**
 * A database URL safe to show: the password of a `postgres://` URL becomes `***`; anything that does not
 * parse as a URL is shown only by its scheme.
 *
 * @example
 * redactDatabaseUrl('postgres://pop:hunter2@db:5432/pop'); // 'postgres://pop:***@db:5432/pop'
 */
export function redactDatabaseUrl(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  if (!URL.canParse(url)) return `${url.split(':', 1)[0] ?? 'unknown'}:…`;
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

/**
 * The databases of a `db` option (one URL, or one per country) as labels; a store passed in is shown as
 * `custom store`.
 *
 * @example
 * databaseLabels({ de: 'sqlite:./de.db', '*': 'sqlite::memory:' });
 * // [{ countries: 'de', database: 'sqlite:./de.db' }, { countries: '*', database: 'sqlite::memory:' }]
 */
export function databaseLabels(
  db: string | Readonly<Record<string, string>> | undefined,
): PopDatabaseLabel[] {
  if (db === undefined) return [{ countries: '*', database: 'custom store' }];
  if (typeof db === 'string') return [{ countries: '*', database: redactDatabaseUrl(db) }];
  return Object.entries(db).map(([countries, url]) => ({
    countries: countries.toLowerCase(),
    database: redactDatabaseUrl(url),
  }));
}
