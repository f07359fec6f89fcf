/**
 * The attachment half of the Storage client: upload, download, read and patch the meta of, and delete the
 * files attached to a record. Same validation, request and debug plumbing as the record operations.
 */
import { MAX_ATTACHMENT_SIZE } from '../fields.js';
import { fromWireAttachmentMeta } from '../record-from-wire.js';
import { fileNameFromContentDisposition } from '../transport/content-disposition.js';
import type { ApiRequest, RequestOptions } from '../transport/http-client.js';
import type { HttpMethod } from '../transport/http-exchange.js';
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

/** The file an attachment operation is about, as the caller passed it (checked here). */
export interface FileTarget {
  readonly country: string;
  readonly recordKey: string;
  readonly fileId: string;
  readonly requestOptions: RequestOptions | undefined;
}

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

  async delete(target: FileTarget): Promise<SuccessResult> {
    const request = this.#request('deleteAttachment', target, 'DELETE', recordPaths.attachment);
    const { debug } = await this.#calls.http.json(request, emptyResponseSchema);
    return this.#calls.withDebug({ success: true as const }, debug);
  }

  async file(target: FileTarget): Promise<AttachmentFileResult> {
    const request = this.#request('getAttachmentFile', target, 'GET', recordPaths.attachment);
    const response = await this.#calls.http.sendStream(request);
    const disposition = response.headers['content-disposition'];
    const filename = fileNameFromContentDisposition(
      Array.isArray(disposition) ? disposition[0] : disposition,
    );
    return this.#calls.withDebug({ attachmentData: { filename, file: response.body } }, response.debug);
  }

  async meta(target: FileTarget): Promise<AttachmentMetaResult> {
    const request = this.#request('getAttachmentMeta', target, 'GET', recordPaths.attachmentMeta);
    const { data, debug } = await this.#calls.http.json(request, attachmentMetaResponseSchema);
    return this.#calls.withDebug({ attachmentMeta: fromWireAttachmentMeta(data) }, debug);
  }

  async updateMeta(target: FileTarget, meta: AttachmentMetaPatch): Promise<AttachmentMetaResult> {
    const request = this.#request('updateAttachmentMeta', target, 'PATCH', recordPaths.attachmentMeta, (op) =>
      checkAttachmentMetaPatch(op, meta),
    );
    const { data, debug } = await this.#calls.http.json(request, attachmentMetaResponseSchema);
    return this.#calls.withDebug({ attachmentMeta: fromWireAttachmentMeta(data) }, debug);
  }

  /**
   * The request of a per-file operation: the target's arguments are checked first, then the body
   * (`json`, when the operation sends one).
   */
  #request(
    op: string,
    target: FileTarget,
    method: HttpMethod,
    pathOf: (country: string, key: string, fileId: string) => ApiPath,
    json?: (op: string) => unknown,
  ): ApiRequest {
    const c = checkCountry(op, target.country);
    const key = checkKey(op, target.recordKey, 'recordKey');
    const id = checkPathSegment(op, checkKey(op, target.fileId, 'fileId'), 'fileId');
    const options = checkRequestOptions(op, target.requestOptions);
    const path = pathOf(c, this.#calls.pathKey(op, key), id);
    return this.#calls.request(op, c, method, path, options, json === undefined ? {} : { json: json(op) });
  }
}
