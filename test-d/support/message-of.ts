/**
 * Pins the TEXT of a type error (tsd's `expectError` alone passes on any error): the QueryTypeError
 * message a method carries in its first parameter, or in `this` for methods without parameters.
 *
 * expectType<'gte() call failed: range_key3 already has $gt'>(messageOf(q.where('range_key3').gt(1).where('range_key3').gte));
 *
 * Instantiation expressions pin messages that depend on the argument: `messageOf(q.where<'body'>)`.
 */
import type { QueryTypeError } from '../../dist/index.js';

type ThisMessage<TThis> = TThis extends QueryTypeError<infer TMessage> ? TMessage : never;

/**
 * The QueryTypeError message a function's first parameter (or `this`) demands; never when it is callable.
 * The pattern returns `any` and takes `any[]` after the first parameter: the compiler then neither computes
 * the method's return type (a builder with a new state) nor checks the other parameters.
 */
export type MessageOf<TFunction> = TFunction extends (
  this: infer TThis,
  first: infer TFirst,
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  ...rest: any[]
  // biome-ignore lint/suspicious/noExplicitAny: see above.
) => any
  ? [TFirst] extends [QueryTypeError<infer TMessage>]
    ? TMessage
    : ThisMessage<TThis>
  : never;

export declare function messageOf<TFunction>(fn: TFunction): MessageOf<TFunction>;

/** The message of a QueryTypeError inside a type (e.g. `OrBuilder<…> & QueryTypeError<M>`). */
export type ErrorIn<T> = T extends QueryTypeError<infer TMessage> ? TMessage : never;
export declare function errorIn<T>(value: T): ErrorIn<T>;

/**
 * Every QueryTypeError message inside an object-DSL check (FilterCheck / FindOptionsCheck): never when
 * the filter or options are legal. The checks are flat (a QueryTypeError on the whole, or on properties),
 * so one level is read.
 */
export type MessagesIn<T> =
  T extends QueryTypeError<infer TMessage>
    ? TMessage
    : T extends object
      ? { [K in keyof T]-?: T[K] extends QueryTypeError<infer TMessage> ? TMessage : never }[keyof T]
      : never;
