/**
 * Builder classes check their arguments at run time, so they implement their interface's methods with the
 * types erased: a method renamed or missing in a class then does not build.
 */
/**
 * The interface's methods with their types erased: the implementation checks its arguments at run time, so
 * it declares it implements this, and a method renamed or missing in the class does not build.
 */
export type ErasedMethods<T> = { readonly [K in keyof T]: (...args: never[]) => unknown };
