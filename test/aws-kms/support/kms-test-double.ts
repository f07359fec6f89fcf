/**
 * A TEST DOUBLE of AWS KMS, not KMS: a small HTTP server on 127.0.0.1 speaking the AWS JSON 1.1 protocol
 * (`POST /`, `X-Amz-Target: TrentService.<Operation>`), so the real AWS SDK can be pointed at it with an
 * endpoint override. It implements Encrypt, Decrypt and GenerateDataKey with real AES-256-GCM (the
 * encryption context is the additional authenticated data, as in KMS), and checks each request's shape
 * and the presence of a SigV4 signature. Anything it does not like is recorded in `violations` and answered
 * with a 400, so tests can assert the SDK spoke the protocol.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** The region and credentials the tests give the SDK client. */
export const TEST_DOUBLE_REGION = 'eu-west-1';
export const TEST_DOUBLE_CREDENTIALS = {
  accessKeyId: 'AKIDKMSTESTDOUBLE',
  secretAccessKey: 'kms-test-double-secret',
} as const;

const ACCOUNT = '111122223333';

/** One KMS key held by the double. */
export interface DoubleKey {
  readonly id: string;
  readonly arn: string;
  readonly material: Buffer;
  enabled: boolean;
  /** Operations answered with AccessDeniedException, as a key policy would. */
  readonly denied: Set<string>;
}

/** One request the double received (the body as parsed JSON). */
export interface SeenKmsRequest {
  readonly operation: string;
  readonly body: Record<string, unknown>;
  readonly authorization: string;
}

/** A running test double. */
export interface KmsTestDouble {
  readonly url: string;
  readonly requests: SeenKmsRequest[];
  /** Protocol problems found in requests; tests expect none. */
  readonly violations: string[];
  /** Creates a key (and optionally an alias `alias/<name>` for it). */
  createKey(alias?: string): DoubleKey;
  /** Answers the next `count` requests with ThrottlingException. */
  throttleNext(count: number): void;
  /** Requests of one operation. */
  calls(operation: string): SeenKmsRequest[];
  close(): Promise<void>;
}

const BLOB_MAGIC = 0x01;
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/kms\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/;

/** The context as AAD: sorted entries, so the same context always gives the same bytes. */
function aadOf(context: unknown): Buffer {
  const entries = Object.entries((context as Record<string, string> | undefined) ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return Buffer.from(JSON.stringify(entries), 'utf8');
}

class KmsFault extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the test double on a free port.
 *
 * @example
 * const kms = await startKmsTestDouble();
 * const client = new KMSClient({ endpoint: kms.url, region: TEST_DOUBLE_REGION, credentials: TEST_DOUBLE_CREDENTIALS });
 */
export async function startKmsTestDouble(): Promise<KmsTestDouble> {
  const keys = new Map<string, DoubleKey>();
  const aliases = new Map<string, string>();
  const requests: SeenKmsRequest[] = [];
  const violations: string[] = [];
  let throttle = 0;

  const resolveKey = (keyId: unknown): DoubleKey => {
    if (typeof keyId !== 'string' || keyId.length === 0) throw new KmsFault('ValidationException', 'KeyId');
    const byAlias = aliases.get(keyId.replace(/^arn:aws:kms:[^:]+:\d+:/, ''));
    const id = byAlias ?? keyId.replace(/^arn:aws:kms:[^:]+:\d+:key\//, '');
    const key = keys.get(id);
    if (key === undefined) throw new KmsFault('NotFoundException', `Key '${keyId}' does not exist`);
    return key;
  };

  const usable = (key: DoubleKey, operation: string): void => {
    if (key.denied.has(operation))
      throw new KmsFault('AccessDeniedException', `User is not authorized to perform: kms:${operation}`);
    if (!key.enabled) throw new KmsFault('DisabledException', `${key.arn} is disabled.`);
  };

  const seal = (key: DoubleKey, plaintext: Buffer, context: unknown): Buffer => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.material, iv);
    cipher.setAAD(aadOf(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const id = Buffer.from(key.id, 'ascii');
    return Buffer.concat([Buffer.from([BLOB_MAGIC, id.length]), id, iv, cipher.getAuthTag(), body]);
  };

  const blobOf = (value: unknown): Buffer => {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(value))
      throw new KmsFault('ValidationException', 'CiphertextBlob must be base64');
    return Buffer.from(value, 'base64');
  };

  const operations: Record<string, (body: Record<string, unknown>) => Record<string, unknown>> = {
    Encrypt(body) {
      const key = resolveKey(body.KeyId);
      usable(key, 'Encrypt');
      const blob = seal(key, blobOf(body.Plaintext), body.EncryptionContext);
      return {
        CiphertextBlob: blob.toString('base64'),
        KeyId: key.arn,
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },
    GenerateDataKey(body) {
      const key = resolveKey(body.KeyId);
      usable(key, 'GenerateDataKey');
      if (body.KeySpec !== 'AES_256' && body.NumberOfBytes === undefined)
        throw new KmsFault('ValidationException', 'KeySpec or NumberOfBytes is required');
      const plaintext = randomBytes(body.KeySpec === 'AES_256' ? 32 : Number(body.NumberOfBytes));
      return {
        CiphertextBlob: seal(key, plaintext, body.EncryptionContext).toString('base64'),
        Plaintext: plaintext.toString('base64'),
        KeyId: key.arn,
      };
    },
    Decrypt(body) {
      const blob = blobOf(body.CiphertextBlob);
      const idLength = blob[1] ?? 0;
      if (blob[0] !== BLOB_MAGIC || blob.length < 2 + idLength + 28)
        throw new KmsFault('InvalidCiphertextException', '');
      const owner = keys.get(blob.subarray(2, 2 + idLength).toString('ascii'));
      if (owner === undefined) throw new KmsFault('InvalidCiphertextException', '');
      if (body.KeyId !== undefined && resolveKey(body.KeyId) !== owner)
        throw new KmsFault('IncorrectKeyException', 'The key ID in the request does not identify the key');
      usable(owner, 'Decrypt');
      const rest = blob.subarray(2 + idLength);
      const decipher = createDecipheriv('aes-256-gcm', owner.material, rest.subarray(0, 12));
      decipher.setAAD(aadOf(body.EncryptionContext));
      decipher.setAuthTag(rest.subarray(12, 28));
      let plaintext: Buffer;
      try {
        plaintext = Buffer.concat([decipher.update(rest.subarray(28)), decipher.final()]);
      } catch {
        throw new KmsFault('InvalidCiphertextException', '');
      }
      return {
        Plaintext: plaintext.toString('base64'),
        KeyId: owner.arn,
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      };
    },
  };

  const checkShape = (req: IncomingMessage, target: string): string[] => {
    const problems: string[] = [];
    if (req.method !== 'POST' || req.url !== '/')
      problems.push(`expected POST /, got ${req.method} ${req.url}`);
    if (req.headers['content-type'] !== 'application/x-amz-json-1.1')
      problems.push(`content-type ${String(req.headers['content-type'])}`);
    if (!/^TrentService\.[A-Za-z]+$/.test(target)) problems.push(`x-amz-target ${target}`);
    if (!/^\d{8}T\d{6}Z$/.test(String(req.headers['x-amz-date']))) problems.push('missing x-amz-date');
    const auth = SIGV4.exec(String(req.headers.authorization));
    if (auth === null) problems.push('missing or malformed SigV4 Authorization header');
    else {
      if (auth[1] !== TEST_DOUBLE_CREDENTIALS.accessKeyId) problems.push(`access key ${auth[1]}`);
      if (auth[3] !== TEST_DOUBLE_REGION) problems.push(`region ${auth[3]}`);
      const signed = auth[4]!.split(';');
      for (const header of ['host', 'x-amz-date', 'x-amz-target'])
        if (!signed.includes(header)) problems.push(`${header} not signed`);
    }
    return problems;
  };

  const answer = (res: ServerResponse, status: number, body: Record<string, unknown>): void => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.replace(/^TrentService\./, '');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        violations.push(`${operation}: body is not JSON`);
      }
      requests.push({ operation, body, authorization: String(req.headers.authorization ?? '') });
      const problems = checkShape(req, target);
      if (problems.length > 0) {
        violations.push(...problems.map((p) => `${operation}: ${p}`));
        return answer(res, 400, { __type: 'TestDoubleRequestShapeError', message: problems.join('; ') });
      }
      if (throttle > 0) {
        throttle--;
        return answer(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
      }
      const handler = operations[operation];
      if (handler === undefined)
        return answer(res, 400, { __type: 'UnknownOperationException', message: operation });
      try {
        answer(res, 200, handler(body));
      } catch (error) {
        if (!(error instanceof KmsFault)) throw error;
        answer(res, 400, { __type: error.type, message: error.message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    createKey(alias) {
      const id = randomUUID();
      const key: DoubleKey = {
        id,
        arn: `arn:aws:kms:${TEST_DOUBLE_REGION}:${ACCOUNT}:key/${id}`,
        material: randomBytes(32),
        enabled: true,
        denied: new Set(),
      };
      keys.set(id, key);
      if (alias !== undefined) aliases.set(`alias/${alias}`, id);
      return key;
    },
    throttleNext(count) {
      throttle = count;
    },
    calls(operation) {
      return requests.filter((r) => r.operation === operation);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
