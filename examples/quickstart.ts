/**
 * `npm start`: the whole stack on one machine. Starts the embedded local PoP, then writes, finds, rotates
 * the encryption secret and migrates, and round-trips an attachment, printing what it does.
 */
import { Readable } from 'node:stream';
import { createStorage, SecretKeyAccessor, type SecretsData, SortOrder, StorageError } from '../src/index.js';
import { startLocalPop } from '../src/server/index.js';

const say = (line: string) => console.log(line);
const section = (title: string) => console.log(`\n— ${title}`);

const pop = await startLocalPop();
say(`Local PoP listening on ${pop.url} (SQLite in memory)`);

try {
  // The secret getter is yours: a vault, KMS, env. Here a variable, so we can rotate it below.
  let secrets: SecretsData = {
    currentVersion: 1,
    secrets: [{ secret: 'first secret, keep me safe', version: 1 }],
  };
  const secretKeyAccessor = new SecretKeyAccessor(() => secrets);

  const storage = await createStorage({
    ...pop.storageOptions,
    secretKeyAccessor,
    // Plain key1..key20: enables like(), searchKeys() and sorting by them (and the compiler knows it).
    options: { ...pop.storageOptions.options, hashSearchKeys: false },
  });

  section('write and batchWrite (encrypted and hashed in this process; the PoP sees ciphertext)');
  const { record } = await storage.write('us', {
    record_key: 'user-1',
    key1: 'english',
    key2: 'gold',
    range_key1: 34,
    body: JSON.stringify({ name: 'Ada Lovelace', email: 'ada@example.com' }),
  });
  say(`wrote ${record.record_key} (created ${record.created_at?.toISOString()})`);

  const people = [
    ['user-2', 'french', 'silver', 19],
    ['user-3', 'english', 'silver', 52],
    ['user-4', 'german', 'gold', 41],
    ['user-5', 'english', 'bronze', 27],
  ] as const;
  const { records } = await storage.batchWrite(
    'us',
    people.map(([record_key, key1, key2, range_key1]) => ({
      record_key,
      key1,
      key2,
      range_key1,
      body: `{"tier":"${key2}"}`,
    })),
  );
  say(`batch-wrote ${records.length} records: ${records.map((r) => r.record_key).join(', ')}`);

  section('find through the query builder');
  const english = storage.in('us').where('key1').eq('english').sortBy('range_key1', SortOrder.DESC);
  say(`query: ${JSON.stringify(english.toQuery())}`);
  const found = await english.find();
  say(
    `english speakers, oldest first: ${found.data.map((r) => `${r.record_key} (${r.range_key1})`).join(', ')}`,
  );

  const adults = await storage
    .in('us')
    .where('range_key1')
    .gte(18)
    .where('range_key1')
    .lt(40)
    .or((b) => b.where('key2').eq('gold').where('key2').eq('silver'))
    .find();
  say(
    `18 ≤ age < 40 and gold or silver: ${adults.data.map((r) => r.record_key).join(', ')} (total ${adults.meta.total})`,
  );

  const like = await storage.in('us').where('key1').like('nch').find();
  say(`key1 contains "nch": ${like.data.map((r) => `${r.record_key}=${r.key1}`).join(', ')}`);

  const one = await storage.in('us').where('key2').eq('gold').sortBy('range_key1', SortOrder.ASC).findOne();
  say(`youngest gold member: ${one?.record.record_key}, body ${one?.record.body}`);

  section('rotate the secret and migrate');
  secrets = {
    currentVersion: 2,
    secrets: [...secrets.secrets, { secret: 'second secret, rotated in', version: 2 }],
  };
  await secretKeyAccessor.refresh();
  let left = Number.POSITIVE_INFINITY;
  let migratedTotal = 0;
  while (left > 0) {
    const step = await storage.migrate('us', 2);
    migratedTotal += step.migrated;
    left = step.totalLeft;
    say(`migrate: ${migratedTotal} re-encrypted with version 2, ${left} left`);
  }
  const onV2 = await storage.find('us', { version: 2 });
  say(`records on secret version 2: ${onV2.meta.total}`);

  section('attachments');
  const upload = await storage.addAttachment('us', 'user-1', {
    file: Readable.from(['Hello from ', 'the quickstart!\n']),
    fileName: 'hello.txt',
    mimeType: 'text/plain',
  });
  say(
    `attached ${upload.attachmentMeta.filename} (${upload.attachmentMeta.size} bytes, sha256 ${upload.attachmentMeta.hash.slice(0, 12)}…)`,
  );
  const download = await storage.getAttachmentFile('us', 'user-1', upload.attachmentMeta.file_id);
  let text = '';
  for await (const chunk of download.attachmentData.file) text += String(chunk);
  say(`downloaded ${download.attachmentData.filename}: ${JSON.stringify(text)}`);

  section('errors are typed');
  try {
    await storage.read('us', 'nobody');
  } catch (error) {
    if (error instanceof StorageError) say(`${error.name} (${error.code}): ${error.message}`);
    else throw error;
  }

  section('health');
  say(`healthCheck('us'): ${(await storage.healthCheck('us')).result}`);
} finally {
  await pop.close();
  say('\nLocal PoP closed. Done.');
}
