import { describe, expect, it } from 'vitest';
import { incountryHttpSpanHooks, templatePath } from '../../src/otel/index.js';

describe('templatePath', () => {
  it.each([
    ['/v2/storage/records/us/5e1d0a', '/v2/storage/records/us/{key}'],
    ['/v2/storage/records/us/plain%20key?x=1', '/v2/storage/records/us/{key}'],
    ['/v2/storage/records/us/find', '/v2/storage/records/us/find'],
    ['/v2/storage/records/de/batchWrite', '/v2/storage/records/de/batchWrite'],
    ['/v2/storage/records/us/k/attachments', '/v2/storage/records/us/{key}/attachments'],
    ['/v2/storage/records/us/k/attachments/f1', '/v2/storage/records/us/{key}/attachments/{file_id}'],
    [
      '/v2/storage/records/us/k/attachments/f1/meta',
      '/v2/storage/records/us/{key}/attachments/{file_id}/meta',
    ],
  ])('%s -> %s', (path, template) => {
    expect(templatePath(path)).toBe(template);
  });

  it('leaves other paths alone', () => {
    expect(templatePath('/v2/storage/records/us')).toBeUndefined();
    expect(templatePath('/healthcheck')).toBeUndefined();
    expect(templatePath('/api/users/1')).toBeUndefined();
  });
});

describe('incountryHttpSpanHooks', () => {
  it('startOutgoingSpanHook gives templated url.full and url.path for SDK paths, nothing for others', () => {
    const { startOutgoingSpanHook } = incountryHttpSpanHooks();
    expect(
      startOutgoingSpanHook({
        protocol: 'https:',
        hostname: 'us-mt-01.api.incountry.io',
        path: '/v2/storage/records/us/abc',
      }),
    ).toEqual({
      'url.full': 'https://us-mt-01.api.incountry.io/v2/storage/records/us/{key}',
      'url.path': '/v2/storage/records/us/{key}',
    });
    expect(startOutgoingSpanHook({ hostname: 'example.com', path: '/other' })).toEqual({});
  });
});
