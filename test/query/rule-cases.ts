/**
 * Every rule case of docs/architecture.md#type-level-rules as source text, run twice: evaluated at run time against untyped builders
 * (query-rules.test.ts, InputValidationError) and compiled against typed builders (type-errors.test.ts,
 * QueryTypeError). `types: false` marks what only the run time can see (dynamic values, JavaScript
 * callers) or what TypeScript reports in its own words (wrong value types).
 *
 * Builders in `code`: h() hashed keys, p() plain keys, u() domain names { id, email, name, age, joined },
 * w() a configuration typed `boolean` (unknown to the type checker, hashed at run time).
 */
export interface RuleCase {
  readonly rule: number;
  readonly name: string;
  readonly code: string;
  readonly message: string;
  readonly types: boolean;
  /** False for what only the type checker can see (a `boolean` configuration). */
  readonly runTime?: false;
}

const PLAIN_HINT = "create the storage with options.hashSearchKeys: false or encrypt: 'SSE'";
const LITERAL_HINT =
  'write options.hashSearchKeys: false as a literal (not a boolean variable), or type the storage as Storage<PlainSearchKeys>';
const SORTABLE = 'sort by key1..key20, range_key1..10, created_at, updated_at or expires_at';
const OR_FIELDS = 'or() branches accept record_key, profile_key, parent_key, service_key1..5 and key1..key20';
const TWO = "(b) => b.where('key1').eq('a').where('key2').eq('b')";

const both = (rule: number, name: string, code: string, message: string): RuleCase => ({
  rule,
  name,
  code,
  message,
  types: true,
});
const runTimeOnly = (rule: number, name: string, code: string, message: string): RuleCase => ({
  rule,
  name,
  code,
  message,
  types: false,
});

export const RULE_CASES: readonly RuleCase[] = [
  both(
    1,
    '$gt with $gte',
    "h().where('range_key3').gt(1).where('range_key3').gte(2)",
    'gte() call failed: range_key3 already has $gt',
  ),
  both(
    1,
    '$gte with $gt',
    "h().where('range_key3').gte(1).where('range_key3').gt(2)",
    'gt() call failed: range_key3 already has $gte',
  ),
  both(
    1,
    '$lt with $lte',
    "h().where('version').lt(1).where('version').lte(2)",
    'lte() call failed: version already has $lt',
  ),
  both(
    1,
    '$lte with $lt',
    "h().where('version').lte(1).where('version').lt(2)",
    'lt() call failed: version already has $lte',
  ),
  both(
    1,
    'a second eq',
    "h().where('key1').eq('a').where('key1').eq('b')",
    'eq() call failed: key1 already has eq',
  ),
  both(
    1,
    'not after eq',
    "h().where('key1').eq('a').where('key1').not('b')",
    'not() call failed: key1 already has eq',
  ),
  both(
    1,
    'a second not',
    "h().where('key1').not('a').where('key1').not('b')",
    'not() call failed: key1 already has $not',
  ),
  both(
    1,
    'isNull after eq',
    "h().where('key1').eq('a').where('key1').isNull()",
    'isNull() call failed: key1 already has eq',
  ),
  both(
    1,
    'isNotNull after isNull',
    "h().where('key1').isNull().where('key1').isNotNull()",
    'isNotNull() call failed: key1 already has isNull',
  ),
  both(
    1,
    'eq after isNotNull',
    "h().where('key1').isNotNull().where('key1').eq('a')",
    'eq() call failed: key1 already has isNotNull',
  ),
  both(
    1,
    'a comparison after eq',
    "h().where('range_key1').eq(1).where('range_key1').gt(0)",
    'gt() call failed: range_key1 already has eq',
  ),
  both(
    1,
    'eq after a comparison',
    "h().where('range_key1').gt(0).where('range_key1').eq(1)",
    'eq() call failed: range_key1 already has $gt',
  ),
  both(
    1,
    'like after like',
    "p().where('key1').like('a').where('key1').like('b')",
    'like() call failed: key1 already has $like',
  ),
  both(
    1,
    'domain names in messages',
    "u().where('age').gt(1).where('age').gte(2)",
    'gte() call failed: age (range_key1) already has $gt',
  ),

  both(
    2,
    'searchKeys after a key condition',
    "p().where('key7').eq('a').searchKeys('abc')",
    'searchKeys() call failed: key7 already has a condition; searchKeys cannot be combined with key1..key20 conditions',
  ),
  both(
    2,
    'a key condition after searchKeys',
    "p().searchKeys('abc').where('key7').eq('a')",
    'where() call failed: key7 cannot be combined with searchKeys(), which already searches key1..key20',
  ),
  both(
    2,
    'searchKeys after or',
    `p().or(${TWO}).searchKeys('abc')`,
    'searchKeys() call failed: the query has or(); searchKeys cannot be combined with or()',
  ),
  both(
    2,
    'or after searchKeys',
    `p().searchKeys('abc').or(${TWO})`,
    'or() call failed: the query has searchKeys(); or() cannot be combined with searchKeys()',
  ),

  both(
    3,
    'searchKeys with hashed keys',
    "h().searchKeys('abc')",
    `searchKeys() call failed: search_keys needs plain search keys; ${PLAIN_HINT}`,
  ),
  both(
    3,
    'like with hashed keys',
    "h().where('key2').like('abc')",
    `like() call failed: key2 needs plain search keys; ${PLAIN_HINT}`,
  ),
  both(
    3,
    'sortBy keyN with hashed keys',
    "h().sortBy('key2', 'asc')",
    `sortBy() call failed: key2 needs plain search keys; ${PLAIN_HINT}`,
  ),

  both(
    4,
    'searchKeys after like',
    "p().where('key4').like('ab').searchKeys('abc')",
    'searchKeys() call failed: key4 has $like; use either like() or searchKeys(), not both',
  ),
  both(
    4,
    'like after searchKeys',
    "p().searchKeys('abc').where('key4').like('ab')",
    'where() call failed: key4 cannot be combined with searchKeys(), which already searches key1..key20',
  ),

  both(
    5,
    'or inside or',
    `h().or((b) => b.or(${TWO}))`,
    'or() call failed: or() cannot be nested inside another or()',
  ),
  both(
    5,
    'a non-string field in or',
    "h().or((b) => b.where('range_key1').eq(1).where('key1').eq('a'))",
    `where() call failed: range_key1 is not a string key; ${OR_FIELDS}`,
  ),
  both(
    5,
    'like in or',
    "p().or((b) => b.where('key1').like('a').where('key2').eq('b'))",
    'like() call failed: key1 cannot use $like inside or()',
  ),
  both(
    5,
    'a comparison in or',
    "p().or((b) => b.where('key1').gt('a').where('key2').eq('b'))",
    'gt() call failed: key1 is not a range key, version or date field',
  ),
  both(5, 'a second or', `h().or(${TWO}).or(${TWO})`, 'or() call failed: or() may be called once per query'),
  both(
    5,
    'an or with one condition',
    "h().or((b) => b.where('key1').eq('a'))",
    'or() call failed: or() needs at least two conditions',
  ),
  runTimeOnly(
    5,
    'an or callback returning something else',
    'h().or(() => ({}))',
    'or() call failed: the callback must return the branch builder it was given, with conditions added',
  ),

  both(
    6,
    'sortBy on a non-sortable field',
    "h().sortBy('record_key', 'asc')",
    `sortBy() call failed: record_key is not sortable; ${SORTABLE}`,
  ),
  both(
    6,
    'sortBy on body',
    "h().sortBy('body', 'asc')",
    `sortBy() call failed: body is not sortable; ${SORTABLE}`,
  ),
  both(
    6,
    'sortBy on a domain field of a key',
    "u().sortBy('id', 'asc')",
    `sortBy() call failed: id (record_key) is not sortable; ${SORTABLE}`,
  ),
  both(
    6,
    'sortBy on a domain field the map lacks',
    "u().sortBy('nope', 'asc')",
    `sortBy() call failed: nope is not sortable; ${SORTABLE}`,
  ),
  both(
    5,
    'a domain field of a range key inside or()',
    "u().or((b) => b.where('age').eq(1).where('email').eq('a'))",
    `where() call failed: age (range_key1) is not a string key; ${OR_FIELDS}`,
  ),
  both(
    2,
    'a domain field of a search key after searchKeys()',
    "u().searchKeys('abc').where('email').eq('a')",
    'where() call failed: email (key1) cannot be combined with searchKeys(), which already searches key1..key20',
  ),
  {
    rule: 3,
    name: 'like with a configuration typed boolean (compile time only)',
    code: "w().where('key1').like('a')",
    message: `like() call failed: key1 needs plain search keys, and the storage's type does not say it has them; ${LITERAL_HINT}`,
    types: true,
    runTime: false,
  },
  both(
    6,
    'the same sort field twice',
    "h().sortBy('created_at', 'asc').sortBy('created_at', 'desc')",
    'sortBy() call failed: created_at is already sorted',
  ),
  runTimeOnly(
    6,
    'a bad sort order',
    "h().sortBy('created_at', 'up')",
    "sortBy() call failed: the order must be 'asc' or 'desc'",
  ),

  both(7, 'where on body', "h().where('body')", 'where() call failed: body is not a filterable field'),
  both(
    7,
    'where on precommit_body',
    "h().where('precommit_body')",
    'where() call failed: precommit_body is not a filterable field',
  ),
  both(
    7,
    'where on attachments',
    "h().where('attachments')",
    'where() call failed: attachments is not a filterable field',
  ),
  both(
    7,
    'where on an unmapped domain field',
    "u().where('profile')",
    'where() call failed: profile is not a filterable field',
  ),
  both(
    8,
    'a comparison on a string key',
    "h().where('key1').gt(1)",
    'gt() call failed: key1 is not a range key, version or date field',
  ),
  both(
    8,
    'a comparison on a domain string field',
    "u().where('email').lte(1)",
    'lte() call failed: email (key1) is not a range key, version or date field',
  ),
  both(
    8,
    'like on a range key',
    "p().where('range_key1').like('1')",
    'like() call failed: range_key1 is not one of key1..key20',
  ),
  both(
    8,
    'like on record_key',
    "p().where('record_key').like('1')",
    'like() call failed: record_key is not one of key1..key20',
  ),
  both(
    8,
    'isNull on created_at',
    "h().where('created_at').isNull()",
    'isNull() call failed: created_at is never null',
  ),
  both(
    8,
    'isNotNull on updated_at',
    "h().where('updated_at').isNotNull()",
    'isNotNull() call failed: updated_at is never null',
  ),
  both(8, 'a number for a string key', "h().where('key1').eq(1)", 'eq() call failed: key1 takes strings'),
  both(
    8,
    'a string for a range key',
    "h().where('range_key1').gt('1')",
    'gt() call failed: range_key1 takes integers',
  ),
  both(
    8,
    'a fraction for a range key',
    "h().where('range_key1').eq([1, 1.5])",
    'eq() call failed: range_key1 takes integers',
  ),
  runTimeOnly(
    8,
    'an invalid date string',
    "h().where('expires_at').lt('tomorrow')",
    'lt() call failed: expires_at takes dates (Date, dayjs or an ISO-8601 string)',
  ),
  runTimeOnly(
    8,
    'an invalid Date',
    "h().where('expires_at').lt(new Date('x'))",
    'lt() call failed: expires_at takes dates (Date, dayjs or an ISO-8601 string)',
  ),
  runTimeOnly(
    8,
    'an empty list',
    "h().where('key1').not([])",
    'not() call failed: key1 needs at least one value',
  ),
  runTimeOnly(
    8,
    'an empty like text',
    "p().where('key1').like('')",
    'like() call failed: key1 needs a non-empty text',
  ),
  runTimeOnly(
    2,
    'a short searchKeys text',
    "p().searchKeys('ab')",
    'searchKeys() call failed: the text must have 3 to 200 characters',
  ),
  runTimeOnly(
    2,
    'a long searchKeys text',
    "p().searchKeys('x'.repeat(201))",
    'searchKeys() call failed: the text must have 3 to 200 characters',
  ),
  both(
    2,
    'searchKeys twice',
    "p().searchKeys('abc').searchKeys('abd')",
    'searchKeys() call failed: searchKeys() may be called once per query',
  ),

  both(9, 'limit 0', 'h().limit(0)', 'limit() call failed: 0 is outside 1..100; page with offset()'),
  both(9, 'limit 101', 'h().limit(101)', 'limit() call failed: 101 is outside 1..100; page with offset()'),
  both(
    9,
    'a negative limit',
    'h().limit(-5)',
    'limit() call failed: -5 is outside 1..100; page with offset()',
  ),
  both(9, 'a fractional limit', 'h().limit(2.5)', 'limit() call failed: 2.5 is not an integer'),
  both(9, 'a string limit', "h().limit('10')", 'limit() call failed: a string is not an integer'),
  both(9, 'a string offset', "h().offset('10')", 'offset() call failed: a string is not an integer'),
  both(
    9,
    'limit twice',
    'h().limit(1).limit(2)',
    'limit() call failed: limit() may be called once per query',
  ),
  both(9, 'a negative offset', 'h().offset(-1)', 'offset() call failed: -1 is negative'),
  both(9, 'a fractional offset', 'h().offset(0.5)', 'offset() call failed: 0.5 is not an integer'),
  both(
    9,
    'offset twice',
    'h().offset(1).offset(2)',
    'offset() call failed: offset() may be called once per query',
  ),
];
