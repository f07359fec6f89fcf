/**
 * The countries list `GET /countries` serves unless configured (docs/protocol.md#countries-list): mid-PoPs (`direct: true`)
 * on three continents and a few mini-PoPs (`direct: false`).
 */
/** One entry of the PoP's `/countries` list (docs/protocol.md#countries-list). */
export interface PopCountry {
  /** Two-letter country code, e.g. `US`. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** `true` for a mid-PoP that clients call directly; `false` for a mini-PoP reached through `us`. */
  readonly direct: boolean | null;
  /** `AMER`, `EMEA` or `APAC`: picks the auth endpoint. */
  readonly region: string;
  /** e.g. `active`; ignored by clients. */
  readonly status?: string | undefined;
  /** `mid` or `mini`; ignored by clients. */
  readonly type?: string | undefined;
}

/** The built-in countries list. */
export const DEFAULT_COUNTRIES: readonly PopCountry[] = [
  { id: 'US', name: 'United States', direct: true, region: 'AMER', status: 'active', type: 'mid' },
  { id: 'CA', name: 'Canada', direct: true, region: 'AMER', status: 'active', type: 'mid' },
  { id: 'BR', name: 'Brazil', direct: true, region: 'AMER', status: 'active', type: 'mid' },
  { id: 'DE', name: 'Germany', direct: true, region: 'EMEA', status: 'active', type: 'mid' },
  { id: 'GB', name: 'United Kingdom', direct: true, region: 'EMEA', status: 'active', type: 'mid' },
  { id: 'FR', name: 'France', direct: true, region: 'EMEA', status: 'active', type: 'mid' },
  { id: 'IN', name: 'India', direct: true, region: 'APAC', status: 'active', type: 'mid' },
  { id: 'JP', name: 'Japan', direct: true, region: 'APAC', status: 'active', type: 'mid' },
  { id: 'SG', name: 'Singapore', direct: true, region: 'APAC', status: 'active', type: 'mid' },
  { id: 'AU', name: 'Australia', direct: true, region: 'APAC', status: 'active', type: 'mid' },
  { id: 'PE', name: 'Peru', direct: false, region: 'AMER', status: 'active', type: 'mini' },
  { id: 'CH', name: 'Switzerland', direct: false, region: 'EMEA', status: 'active', type: 'mini' },
  { id: 'AE', name: 'United Arab Emirates', direct: false, region: 'EMEA', status: 'active', type: 'mini' },
  { id: 'KR', name: 'South Korea', direct: false, region: 'APAC', status: 'active', type: 'mini' },
];
