/**
 * The few type operators the public declarations need, written here rather than imported from type-fest:
 * a declaration that imports an ES module package breaks CommonJS consumers under `node16`/`nodenext`
 * with `skipLibCheck: false` (TS1541), and every consumer would pay for loading type-fest's types.
 * Internal code that never reaches a `.d.ts` may still use type-fest.
 */

/**
 * True when `T` is `any`.
 * @hidden
 */
export type IsAny<T> = 0 extends 1 & T ? true : false;

/**
 * True when `T` is a union of two types or more (`boolean` included); false for `never`.
 * @hidden
 */
export type IsUnion<T> = [T] extends [never] ? false : UnionCheck<T, T>;
type UnionCheck<T, TAll> = (T extends unknown ? ([TAll] extends [T] ? false : true) : never) extends infer R
  ? boolean extends R
    ? true
    : R
  : never;

/**
 * One object type with the members of an intersection, so hovers and errors show it flat.
 * @hidden
 */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * True when the number literal `T` is an integer in `1..100` (what a page size may be).
 */
export type IsPageSize<T extends number> = `${T}` extends
  | `-${string}`
  | '0'
  | `${string}.${string}`
  | `${string}e${string}`
  ? false
  : `${T}` extends `${Digit}` | `${Digit}${Digit}` | '100'
    ? true
    : false;
type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
