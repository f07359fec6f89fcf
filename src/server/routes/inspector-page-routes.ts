/**
 * Serves the inspector page (`/_pop/ui`), its module and its stylesheet. They hold no data, so they are
 * served without the admin token (the page reads the token from its URL fragment and sends it with each
 * data request); they are not logged, and carry a strict Content-Security-Policy: scripts and styles from
 * the PoP only, no inline code, no framing, connections to the PoP only.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  INSPECTOR_PAGE,
  INSPECTOR_SCRIPT,
  INSPECTOR_STYLES,
  inspectorAssets,
} from '../inspector/inspector-assets.js';
import type { PopContext } from '../pop-context.js';

/** The page's policy: only its own module, stylesheet and the PoP's JSON; nothing inline, no frames. */
export const INSPECTOR_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  // Only for the page's empty favicon (`data:,`), so the browser does not ask the PoP for /favicon.ico.
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every inspector file is sent with. */
export const INSPECTOR_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': INSPECTOR_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Registers the page and its two files, unless the PoP was started with `inspector: false`. */
export function registerInspectorPage(app: FastifyInstance, ctx: PopContext): void {
  if (!ctx.about.inspector) return;
  const config = { inspector: true } as const;
  const send = (reply: FastifyReply, type: string, body: string) =>
    reply.headers(INSPECTOR_HEADERS).type(type).send(body);

  app.get(INSPECTOR_PAGE, { config }, async (_request, reply) => {
    const { html } = await inspectorAssets();
    // The admin mode is no secret and lets a strict PoP without a token show only how to enable it.
    return send(
      reply,
      'text/html; charset=utf-8',
      html.replace('data-admin-mode=""', `data-admin-mode="${ctx.admin.mode}"`),
    );
  });
  app.get(INSPECTOR_SCRIPT, { config }, async (_request, reply) =>
    send(reply, 'text/javascript; charset=utf-8', (await inspectorAssets()).script),
  );
  app.get(INSPECTOR_STYLES, { config }, async (_request, reply) =>
    send(reply, 'text/css; charset=utf-8', (await inspectorAssets()).css),
  );
}
