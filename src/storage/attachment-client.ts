/**
 * The attachment half of the Storage client: upload, download, read and patch the meta of, and delete the
 * files attached to a record. Same validation, request and debug plumbing as the record operations.
 */
import { MAX_ATTACHMENT_SIZE } from '../fields.js';
import { fromWireAttachmentMeta } from '../record-from-wire.js';
import { fileNameFromContentDisposition } from '../transport/content-disposition.js';
import type { RequestOptions } from '../transport/http-client.js';
import { multipartBody } from '../transport/multipart-body.js';
import { type AttachmentFile, prepareUpload } from '../transport/upload-source.js';
import { attachmentMetaResponseSchema } from '../wire/index.js';
import { type ApiPath, recordPaths } from './record-paths.js';
import type { AttachmentInput, AttachmentMetaPatch } from './storage.js';
import type { StorageCalls } from './storage-calls.js';
import {
  checkAttachmentArgs,
  checkAttachmentMetaPatch,
  checkCountry,
  checkKey,
  checkPathSegment,
  checkRequestOptions,
} from './storage-input.js';
import { emptyResponseSchema } from './storage-responses.js';
import type { AttachmentFileResult, AttachmentMetaResult, SuccessResult } from './storage-results.js';

/** The attachment operations of one storage; the Storage client delegates to it. */
export class AttachmentClient {
  readonly #calls: StorageCalls;

  constructor(calls: StorageCalls) {
    this.#calls = calls;
  }

  async add(
    country: string,
    recordKey: string,
    attachment: AttachmentInput,
    upsert: boolean | undefined,
    requestOptions: RequestOptions | undefined,
  ): Promise<AttachmentMetaResult> {
    const op = 'addAttachment';
    const calls = this.#calls;
    const c = checkCountry(op, country);
    const key = checkKey(op, recordKey, 'recordKey');
    const args = checkAttachmentArgs(op, attachment, upsert);
    const options = checkRequestOptions(op, requestOptions);
    const upload = await prepareUpload(args.file as AttachmentFile, {
      operation: op,
      maxBytes: MAX_ATTACHMENT_SIZE,
    });
    try {
      const body = multipartBody(
        upload,
        args.fileName ?? upload.suggestedName ?? 'file',
        args.mimeType ?? 'application/octet-stream',
      );
      const { data, debug } = await calls.http.json(
        {
          ...calls.request(
            op,
            c,
            args.upsert ? 'PUT' : 'POST',
            recordPaths.attachments(c, calls.pathKey(op, key)),
            options,
          ),
          body,
          // POST always adds a file: repeating it after a lost answer could attach it twice.
          idempotent: args.upsert,
        },
        attachmentMetaResponseSchema,
      );
      return calls.withDebug({ attachmentMeta: fromWireAttachmentMeta(data) }, debug);
    } finally {
      await upload.dispose();
    }
  }

  async delete(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions: RequestOptions | undefined,
  ): Promise<SuccessResult> {
    const op = 'deleteAttachment';
    const { c, path, options } = this.#target(
      op,
      country,
      recordKey,
      fileId,
      requestOptions,
      recordPaths.attachment,
    );
    const { debug } = await this.#calls.http.json(
      this.#calls.request(op, c, 'DELETE', path, options),
      emptyResponseSchema,
    );
    return this.#calls.withDebug({ success: true as const }, debug);
  }

  async file(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions: RequestOptions | undefined,
  ): Promise<AttachmentFileResult> {
    const op = 'getAttachmentFile';
    const { c, path, options } = this.#target(
      op,
      country,
      recordKey,
      fileId,
      requestOptions,
      recordPaths.attachment,
    );
    const response = await this.#calls.http.sendStream(this.#calls.request(op, c, 'GET', path, options));
    const disposition = response.headers['content-disposition'];
    const filename = fileNameFromContentDisposition(
      Array.isArray(disposition) ? disposition[0] : disposition,
    );
    return this.#calls.withDebug({ attachmentData: { filename, file: response.body } }, response.debug);
  }

  async meta(
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions: RequestOptions | undefined,
  ): Promise<AttachmentMetaResult> {
    const op = 'getAttachmentMeta';
    const { c, path, options } = this.#target(
      op,
      country,
      recordKey,
      fileId,
      requestOptions,
      recordPaths.attachmentMeta,
    );
    const { data, debug } = await this.#calls.http.json(
      this.#calls.request(op, c, 'GET', path, options),
      attachmentMetaResponseSchema,
    );
    return this.#calls.withDebug({ attachmentMeta: fromWireAttachmentMeta(data) }, debug);
  }

  async updateMeta(
    country: string,
    recordKey: string,
    fileId: string,
    meta: AttachmentMetaPatch,
    requestOptions: RequestOptions | undefined,
  ): Promise<AttachmentMetaResult> {
    const op = 'updateAttachmentMeta';
    const { c, path, options } = this.#target(
      op,
      country,
      recordKey,
      fileId,
      requestOptions,
      recordPaths.attachmentMeta,
    );
    const json = checkAttachmentMetaPatch(op, meta);
    const { data, debug } = await this.#calls.http.json(
      this.#calls.request(op, c, 'PATCH', path, options, { json }),
      attachmentMetaResponseSchema,
    );
    return this.#calls.withDebug({ attachmentMeta: fromWireAttachmentMeta(data) }, debug);
  }

  /** Validates the arguments every per-file operation shares and builds its path. */
  #target(
    op: string,
    country: string,
    recordKey: string,
    fileId: string,
    requestOptions: RequestOptions | undefined,
    pathOf: (country: string, key: string, fileId: string) => ApiPath,
  ) {
    const c = checkCountry(op, country);
    const key = checkKey(op, recordKey, 'recordKey');
    const id = checkPathSegment(op, checkKey(op, fileId, 'fileId'), 'fileId');
    const options = checkRequestOptions(op, requestOptions);
    return { c, options, path: pathOf(c, this.#calls.pathKey(op, key), id) };
  }
}
