/**
 * Model values in repository conditions at run time, end to end: a field whose model lists its values
 * (z.enum, literals) takes only those in where()/or() conditions, also when a value got past the types
 * (`as never`, parsed JSON); the query is refused before anything is sent, naming the field, its slot and
 * the values it takes.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRepository, InputValidationError } from '../../src/index.js';
import { storageCalls, useUserPop } from './support/user-fixture.js';

const ctx = useUserPop();

const Order = z.object({
  id: z.string(),
  status: z.enum(['new', 'paid', 'shipped']),
  channel: z.literal(['web', 'shop']).nullable(),
  priority: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  note: z.string().optional(),
});
const ORDER_FIELDS = {
  id: 'record_key',
  status: 'key1',
  channel: 'key2',
  priority: 'range_key1',
  note: 'key3',
} as const;

function ordersIn() {
  return defineRepository(ctx.storages.hashed, { model: Order, fields: ORDER_FIELDS }).in('us');
}

async function refusal(run: () => Promise<unknown>): Promise<InputValidationError> {
  const error = await Promise.resolve()
    .then(run)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(InputValidationError);
  return error as InputValidationError;
}

describe('repository conditions take the model’s listed values at run time', () => {
  it('finds with allowed values (eq, not, lists, null tests, or())', async () => {
    const orders = ordersIn();
    await orders.saveMany([
      { id: 'o1', status: 'new', channel: 'web', priority: 1 },
      { id: 'o2', status: 'paid', channel: null, priority: 2 },
      { id: 'o3', status: 'shipped', channel: 'shop', priority: 3, note: 'x' },
    ]);
    const ids = async (q: { find(): Promise<{ data: { id: string }[] }> }) =>
      (await q.find()).data.map((o) => o.id).sort();
    expect(await ids(orders.where('status').eq(['new', 'paid']))).toEqual(['o1', 'o2']);
    expect(await ids(orders.where('status').not('new').where('channel').isNotNull())).toEqual(['o3']);
    expect(await ids(orders.where('priority').gte(2))).toEqual(['o2', 'o3']);
    expect(await ids(orders.or((b) => b.where('status').eq('new').where('channel').isNull()))).toEqual([
      'o1',
      'o2',
    ]);
    // A field without listed values takes any value of its slot's kind.
    expect(await ids(orders.where('note').eq('anything'))).toEqual([]);
  });

  it('refuses a value outside the enum, literals or literal union, naming field, slot and values, before sending', async () => {
    const orders = ordersIn();
    const fromJson = JSON.parse('{"status":"unknown"}').status as never;
    const cases: [() => Promise<unknown>, string][] = [
      [
        () => orders.where('status').eq(fromJson).find(),
        'eq() call failed: status (key1) takes one of new, paid, shipped',
      ],
      [
        () =>
          orders
            .where('status')
            .eq(['new', 'lost' as never])
            .find(),
        'eq() call failed: status (key1) takes one of new, paid, shipped',
      ],
      [
        () =>
          orders
            .where('status')
            .not(['refunded' as never])
            .find(),
        'not() call failed: status (key1) takes one of new, paid, shipped',
      ],
      [
        () =>
          orders
            .where('channel')
            .eq('mail' as never)
            .findOne(),
        'eq() call failed: channel (key2) takes one of web, shop',
      ],
      [
        () =>
          orders
            .where('priority')
            .gt(7 as never)
            .find(),
        'gt() call failed: priority (range_key1) takes one of 1, 2, 3',
      ],
      [
        () =>
          orders
            .or((b) =>
              b
                .where('id')
                .eq('o1')
                .where('status')
                .eq('void' as never),
            )
            .find(),
        'eq() call failed: status (key1) takes one of new, paid, shipped',
      ],
    ];
    const before = storageCalls(ctx.pop).length;
    for (const [run, message] of cases) {
      const error = await refusal(run);
      expect(error.message).toBe(message);
      expect(error.issues?.[0]?.message).toBe(message);
    }
    expect(storageCalls(ctx.pop).length).toBe(before);
  });
});
