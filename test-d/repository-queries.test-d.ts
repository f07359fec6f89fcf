/**
 * Country repositories where the documentation offers query types: a generic `<Q extends AnyQuery>` helper,
 * a parameter typed `RepositoryQuery<typeof entity>` (no configuration argument), `$call` with a generic
 * helper and `$if`, for hashed and plain storages alike. The state-independent rules still apply to what
 * a helper adds.
 */
import { expectAssignable, expectError, expectType } from 'tsd';
import { z } from 'zod';
import {
  type AnyQuery,
  type DynamicRepositoryQuery,
  defineEntity,
  defineRepository,
  type HashedSearchKeys,
  type PlainSearchKeys,
  type QueryPage,
  type RepositoryQuery,
  type RepositoryQueryOf,
  type Storage,
} from '../dist/index.js';
import { messageOf } from './support/message-of.js';

declare const hashedStorage: Storage<HashedSearchKeys>;
declare const plainStorage: Storage<PlainSearchKeys>;
declare const flag: boolean;

const Invoice = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(['new', 'paid', 'shipped']),
  cents: z.number().int(),
  note: z.string(),
});
type Invoice = z.infer<typeof Invoice>;
const invoiceEntity = defineEntity({
  model: Invoice,
  fields: { id: 'record_key', number: 'key1', status: 'key2', cents: 'range_key1' },
});
const invoices = defineRepository(hashedStorage, invoiceEntity);
const plainInvoices = defineRepository(plainStorage, invoiceEntity);

// ── the documented generic helper ──────────────────────────────────────────────────────────────────
function page<Q extends AnyQuery>(query: Q, n: number) {
  return query.limit(20).offset(n * 20);
}
page(invoices.in('us'), 1);
page(plainInvoices.in('us'), 1);
page(invoices.in('us').where('status').eq('paid'), 2);
expectAssignable<AnyQuery>(invoices.in('us'));
expectAssignable<AnyQuery>(plainInvoices.in('us'));

// ── a parameter typed RepositoryQuery<E> (no configuration argument) takes hashed and plain repositories ──
function paid(query: RepositoryQuery<typeof invoiceEntity>) {
  return query.where('status').eq('paid');
}
paid(invoices.in('us'));
paid(plainInvoices.in('us'));
expectType<Promise<QueryPage<Invoice>>>(paid(invoices.in('us')).find());

// ── $call with a generic helper, $if ──────────────────────────────────────────────────────────────
const called = invoices.in('us').$call(<Q extends AnyQuery>(query: Q) => query.limit(5));
expectType<DynamicRepositoryQuery<typeof invoiceEntity, HashedSearchKeys>>(called);
// The rules that do not depend on earlier calls apply after the helper.
expectType<'where() call failed: note is not a filterable field'>(messageOf(called.where<'note'>));
expectType<'gt() call failed: number (key1) is not a range key, version or date field'>(
  messageOf(called.where('number').gt),
);
expectError(called.where('number').like('x'));
const plainCalled = plainInvoices
  .in('us')
  .$call(<Q extends AnyQuery>(query: Q) => query.where('cents').gte(1));
expectType<DynamicRepositoryQuery<typeof invoiceEntity, PlainSearchKeys>>(plainCalled);
plainCalled.where('number').like('x');

const either = invoices.in('us').$if(flag, (query) => query.where('cents').gte(100));
expectType<Promise<QueryPage<Invoice>>>(either.find());
expectType<'gte() call failed: cents (range_key1) already has $gte'>(messageOf(either.where('cents').gte));

// ── the repository's query type ────────────────────────────────────────────────────────────────────
const held: RepositoryQueryOf<ReturnType<typeof invoices.in>> = invoices.in('us').where('cents').gte(1);
expectType<DynamicRepositoryQuery<typeof invoiceEntity, HashedSearchKeys>>(held);

// ── bigint model fields map to range keys (64-bit) and load back as bigint ─────────────────────────
const Ledger = z.object({ id: z.string(), cents: z.bigint() });
const ledger = defineRepository(hashedStorage, {
  model: Ledger,
  fields: { id: 'record_key', cents: 'range_key1' },
}).in('us');
expectType<Promise<{ id: string; cents: bigint } | null>>(ledger.get('l1'));
expectType<{ filter: { range_key1: { $gte: number | bigint } }; options: { limit: 100; offset: 0 } }>(
  ledger
    .where('cents')
    .gte(2n ** 62n)
    .toQuery(),
);

// ── conditions take the model's value types (the storage-level builder keeps its slot types) ─────────
const Order = z.object({
  id: z.string().brand<'OrderId'>(),
  status: z.enum(['new', 'paid', 'shipped']),
  channel: z.union([z.literal('web'), z.literal('shop')]).optional(),
  parent: z.string().brand<'OrderId'>().nullable(),
  total: z.number().int(),
});
type OrderId = z.infer<typeof Order>['id'];
declare const orderId: OrderId;
const orders = defineRepository(hashedStorage, {
  model: Order,
  fields: { id: 'record_key', status: 'key1', channel: 'key2', parent: 'parent_key', total: 'range_key1' },
}).in('us');
orders.where('status').eq('paid');
orders.where('status').not(['paid', 'shipped']);
orders.where('channel').eq('web');
orders.where('id').eq(orderId);
orders.where('parent').eq([orderId]);
orders.where('parent').isNull();
orders.where('total').gte(10);
expectError(orders.where('status').eq('unknown'));
expectError(orders.where('status').not(['paid', 'refunded']));
expectError(orders.where('channel').eq('phone'));
expectError(orders.where('id').eq('any string'));
expectError(orders.where('total').gte(10n));
hashedStorage.in('us').where('key1').eq('unknown');
hashedStorage.in('us').where('range_key1').gte(10n);
