/**
 * Attachment routes of docs/protocol.md#attachments. Uploads stream from the multipart parser through a byte limit into
 * the store; downloads stream from the store to the socket. No file is ever held in memory whole.
 */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_ROUTES } from '../../wire/api-routes.js';
import {
  fileNameSchema,
  isMediaType,
  MEDIA_TYPE_MESSAGE,
  updateAttachmentMetaBodySchema,
} from '../../wire/index.js';
import type { PopContext } from '../pop-context.js';
import { PopHttpError, parseInput } from '../pop-error.js';
import { presentAttachment } from '../record-presenter.js';
import { pathParam, requestBaseUrl, requestScope } from '../request-scope.js';
import { AttachmentTooLargeError } from '../store/record-store.js';

/** Room for boundaries, part headers and the few small fields a multipart body may carry. */
const MULTIPART_OVERHEAD_BYTES = 2 * 1024 * 1024;

/** Registers add, upsert, download, delete, get meta and update meta. */
export function registerAttachmentRoutes(app: FastifyInstance, ctx: PopContext): void {
  const { store } = ctx;
  const config = { popRoute: 'attachments', auth: true } as const;

  app.post(API_ROUTES.attachments, { config: { ...config, body: 'multipart' } }, (request, reply) =>
    upload(ctx, request, reply, false),
  );
  app.put(API_ROUTES.attachments, { config: { ...config, body: 'multipart' } }, (request, reply) =>
    upload(ctx, request, reply, true),
  );

  app.get(API_ROUTES.attachment, { config }, async (request, reply) => {
    const scope = requestScope(request);
    const { meta, content } = await store.getAttachmentFile(
      scope,
      pathParam(request, 'key'),
      pathParam(request, 'fileId'),
      new Date(),
    );
    // filename* goes last: Java reads everything after it to the end of the header (docs/protocol.md#attachments).
    return reply
      .header('content-type', meta.mime_type)
      .header('content-length', String(meta.size))
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeRfc5987(meta.filename)}`)
      .send(content);
  });

  app.delete(API_ROUTES.attachment, { config }, async (request, reply) => {
    const scope = requestScope(request);
    await store.deleteAttachment(scope, pathParam(request, 'key'), pathParam(request, 'fileId'), new Date());
    return reply.code(204).send();
  });

  app.get(API_ROUTES.attachmentMeta, { config }, async (request) => {
    const scope = requestScope(request);
    const key = pathParam(request, 'key');
    const meta = await store.getAttachmentMeta(scope, key, pathParam(request, 'fileId'), new Date());
    return presentAttachment(requestBaseUrl(request), scope, key, meta);
  });

  app.patch(API_ROUTES.attachmentMeta, { config: { ...config, body: 'json' } }, async (request) => {
    const scope = requestScope(request);
    const key = pathParam(request, 'key');
    const fileId = pathParam(request, 'fileId');
    const patch = parseInput(updateAttachmentMetaBodySchema, request.body, 'body');
    const meta = await store.updateAttachmentMeta(scope, key, fileId, patch, new Date());
    return presentAttachment(requestBaseUrl(request), scope, key, meta);
  });
}

async function upload(ctx: PopContext, request: FastifyRequest, reply: FastifyReply, upsert: boolean) {
  const scope = requestScope(request);
  const key = pathParam(request, 'key');
  const max = ctx.maxAttachmentBytes;
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > max + MULTIPART_OVERHEAD_BYTES) {
    // Refuse before reading: draining a body this large would only waste both sides' time.
    void reply.header('connection', 'close');
    throw new PopHttpError(413, { source: 'body.file', detail: `attachments are limited to ${max} bytes` });
  }
  let part: MultipartFile | undefined;
  try {
    // One byte over the limit reaches the store, which turns it into a 413 while streaming.
    part = await request.file({
      limits: { fileSize: max + 1, files: 1, fields: 16, parts: 17, fieldSize: 64 * 1024 },
      throwFileSizeLimit: false,
    });
  } catch (error) {
    await drainRequest(request, undefined);
    throw multipartError(error);
  }
  if (part === undefined)
    throw new PopHttpError(400, {
      source: 'body.file',
      detail: 'the multipart body needs a file part named "file"',
    });
  if (part.fieldname !== 'file') {
    await drainRequest(request, part);
    throw new PopHttpError(400, { source: 'body.file', detail: 'the file part must be named "file"' });
  }

  const filename = part.filename || 'file';
  const mimeType = part.mimetype || 'application/octet-stream';
  const badName = fileNameSchema.safeParse(filename);
  if (!badName.success || !isMediaType(mimeType)) {
    await drainRequest(request, part);
    throw new PopHttpError(400, {
      source: 'body.file',
      detail: badName.success
        ? `the file part's Content-Type ${MEDIA_TYPE_MESSAGE}`
        : `the file part's filename ${badName.error.issues[0]!.message}`,
    });
  }

  const file = part.file;
  let parseError: unknown;
  file.on('error', (error) => {
    parseError = error;
  });

  try {
    // The store counts the bytes as it writes them and fails past maxBytes (AttachmentTooLargeError).
    const meta = await ctx.store.addAttachment(
      scope,
      key,
      {
        filename,
        mimeType,
        content: file,
        maxBytes: max,
      },
      upsert,
      new Date(),
    );
    return reply.code(201).send(presentAttachment(requestBaseUrl(request), scope, key, meta));
  } catch (error) {
    await drainRequest(request, part);
    if (error instanceof AttachmentTooLargeError)
      throw new PopHttpError(413, { source: 'body.file', detail: `attachments are limited to ${max} bytes` });
    if (parseError !== undefined) throw multipartError(parseError);
    throw error;
  }
}

/** Reads and discards what is left of the request, so the error answer is not lost to a reset. */
async function drainRequest(request: FastifyRequest, part: MultipartFile | undefined): Promise<void> {
  if (part !== undefined && !part.file.destroyed) {
    // A store that failed before reading leaves the pipe in backpressure; detach it so data can flow.
    part.file.unpipe();
    part.file.resume();
  }
  const raw = request.raw;
  if (raw.readableEnded || raw.destroyed) return;
  await new Promise<void>((resolve) => {
    raw.once('end', resolve);
    raw.once('close', resolve);
    raw.once('error', () => resolve());
    raw.resume();
  });
}

function multipartError(error: unknown): PopHttpError {
  const code = (error as { code?: unknown }).code;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
    return new PopHttpError(415, { source: 'header.content-type', detail: 'send multipart/form-data' });
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new PopHttpError(status, { source: 'body', detail: (error as Error).message });
  return new PopHttpError(400, { source: 'body', detail: 'malformed multipart/form-data body' });
}

/** RFC 5987 value: percent-encoded UTF-8, with the characters encodeURIComponent leaves alone but 5987 does not. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
