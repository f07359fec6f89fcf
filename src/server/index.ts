/**
 * incountry-ts/server: the local PoP emulator.
 */
export {};
