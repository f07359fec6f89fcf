/**
 * 64-bit range keys: writes, the builder and the object DSL take bigints as well as numbers; reads type
 * range keys as `number | bigint` (a bigint only past ±(2^53 − 1)); a number given stays `number` in the
 * compiled query.
 */
import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd';
import type { RangeKeyValue, RecordInput, StorageRecord, TypedFilter } from '../dist/index.js';
import { type Defaults, hashed, users } from './support/builders.js';

expectType<number | bigint>({} as RangeKeyValue);
expectType<number | bigint | null>({} as StorageRecord['range_key1']);
expectAssignable<RecordInput>({ record_key: 'k', range_key1: 9223372036854775807n, range_key2: 5 });
expectNotAssignable<RecordInput>({ record_key: 'k', range_key1: '5' });

expectType<{ filter: { range_key1: { $gt: number } }; options: Defaults }>(
  hashed.where('range_key1').gt(1).toQuery(),
);
expectType<{ filter: { range_key1: { $gt: number | bigint } }; options: Defaults }>(
  hashed
    .where('range_key1')
    .gt(2n ** 62n)
    .toQuery(),
);
expectType<{ filter: { range_key2: (number | bigint)[] }; options: Defaults }>(
  hashed
    .where('range_key2')
    .eq([1, 2n ** 62n])
    .toQuery(),
);
expectType<{ filter: { range_key1: { $not: number | bigint } }; options: Defaults }>(
  users
    .where('age')
    .not(-(2n ** 63n))
    .toQuery(),
);
expectError(hashed.where('range_key1').lt('1'));

type Hashed = { readonly plainSearchKeys: false };
expectAssignable<TypedFilter<Hashed>>({
  range_key1: [1, 2n ** 62n],
  range_key2: { $not: 9223372036854775807n },
  range_key3: { $gt: -(2n ** 63n), $lte: 10 },
  version: { $not: 1n },
});
expectNotAssignable<TypedFilter<Hashed>>({ range_key1: '1' });
