/**
 * TypeDoc plugin: the API reference as a site a user can browse.
 *
 * - Guides are titled by their own `# Heading` (TypeDoc would use the file name, `key-rotation`), and the
 *   heading is not repeated under the title.
 * - A public symbol without a `@category` is filed under the layer its source lives in (query/ is the
 *   Query builder, crypto/ the Secrets, …), so nothing lands under "Other" and a new export needs no list.
 * - Symbols tagged `@featured` (createStorage, defineRepository, startLocalPop) open their category.
 * - A reference written in a comment as `docs/protocol.md#find-semantics` becomes a link to that guide's
 *   section (TypeDoc then also checks that the heading exists).
 * - Linked source files (the README's examples) open as a page showing the code, not as a raw download.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Application, Comment, CommentTag, Converter, ReflectionKind, RendererEvent } from 'typedoc';

/** Category of an uncategorised export, by the folder (or root file) under src/ that declares it. */
const CATEGORY_BY_SOURCE = [
  [/^src\/(query|fields\.ts)/, 'Query builder'],
  [/^src\/repository\//, 'Repository'],
  [/^src\/crypto\//, 'Secrets'],
  [/^src\/(errors|hidden-error-state)\.ts/, 'Errors'],
  [/^src\/(storage|transport|wire)\/|^src\/(record|record-input|date-input)\.ts/, 'Storage'],
];

function titleFromHeading(document) {
  // The heading may hold code spans (`# The \`incountry\` command`): parts up to the first line break.
  const parts = document.content;
  let heading = '';
  let index = 0;
  for (; index < parts.length; index++) {
    const part = parts[index];
    const end = part.text.indexOf('\n');
    if (end === -1) {
      heading += part.text;
      continue;
    }
    heading += part.text.slice(0, end);
    const match = /^#\s+(.+?)\s*$/.exec(heading);
    if (!match) return;
    document.name = match[1].replaceAll('`', '');
    parts.splice(0, index + 1, { ...part, text: part.text.slice(end).replace(/^\n+/, '') });
    return;
  }
}

function categoriseBySource(context, app) {
  const project = context.project;
  const root = process.cwd();
  for (const module of project.getChildrenByKind(ReflectionKind.Module)) {
    // The subpath modules have no categories, only kind groups, so only the main module needs this.
    if (module.name !== 'incountry-ts') continue;
    for (const child of module.children ?? []) {
      const tagged = [child.comment, ...(child.signatures ?? []).map((s) => s.comment)].some((c) =>
        c?.blockTags.some((t) => t.tag === '@category'),
      );
      if (tagged) continue;
      const symbol = context.getSymbolFromReflection(child);
      const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
      if (file === undefined) continue;
      const path = relative(root, file).split(sep).join('/');
      const category = CATEGORY_BY_SOURCE.find(([pattern]) => pattern.test(path))?.[1];
      if (category === undefined) {
        app.logger.warn(`typedoc-site: no category for ${child.name} (${path}); add @category`);
        continue;
      }
      if (!child.comment && !child.signatures?.[0]?.comment) child.comment = new Comment();
      const comment = child.comment ?? child.signatures[0].comment;
      comment.blockTags.push(new CommentTag('@category', [{ kind: 'text', text: category }]));
    }
  }
}

function featuredFirst(context) {
  const featured = (reflection) =>
    [reflection.comment, ...(reflection.signatures ?? []).map((s) => s.comment)].some((c) =>
      c?.hasModifier('@featured'),
    );
  const lift = (list) => {
    if (!list) return;
    const first = list.filter(featured);
    if (first.length === 0) return;
    const rest = list.filter((r) => !featured(r));
    list.splice(0, list.length, ...first, ...rest);
  };
  for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
    for (const category of module.categories ?? []) lift(category.children);
    for (const group of module.groups ?? []) {
      lift(group.children);
      for (const category of group.categories ?? []) lift(category.children);
    }
  }
}

const DOC_REFERENCE = /docs\/[a-z0-9-]+\.md(?:#[a-z0-9-]+)?/g;

/** Splits the text and code parts of a comment around doc references, which become relative links. */
function linkDocReferences(parts, project) {
  const base = join(process.cwd(), 'README.md');
  const out = [];
  for (const part of parts) {
    if (part.kind !== 'text' && part.kind !== 'code') {
      out.push(part);
      continue;
    }
    const text = part.kind === 'code' ? part.text.replace(/^`|`$/g, '') : part.text;
    if (part.kind === 'code' && new RegExp(`^${DOC_REFERENCE.source}$`).test(text)) {
      out.push(...relativeLink(text, project, base));
      continue;
    }
    if (part.kind === 'code') {
      out.push(part);
      continue;
    }
    let last = 0;
    for (const match of text.matchAll(DOC_REFERENCE)) {
      if (match.index > last) out.push({ kind: 'text', text: text.slice(last, match.index) });
      out.push(...relativeLink(match[0], project, base));
      last = match.index + match[0].length;
    }
    if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  }
  parts.splice(0, parts.length, ...out);
}

/** A markdown link whose URL TypeDoc fills in: the relative-link part renders as the URL only. */
function relativeLink(reference, project, base) {
  const { target, anchor } = project.files.register(base, `./${reference}`) ?? {};
  return [
    { kind: 'text', text: `[${reference}](` },
    { kind: 'relative-link', text: reference, target, targetAnchor: anchor },
    { kind: 'text', text: ')' },
  ];
}

function linkAllDocReferences(context) {
  const project = context.project;
  for (const reflection of Object.values(project.reflections)) {
    const comment = reflection.comment;
    if (!comment) continue;
    linkDocReferences(comment.summary, project);
    for (const tag of comment.blockTags) if (tag.tag !== '@example') linkDocReferences(tag.content, project);
  }
}

const CODE_FILE = /\.(?:[cm]?[jt]s|tsx|json|sh)$/;

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

/**
 * TypeDoc copies linked files into media/ and links to them as they are, which a browser downloads or
 * shows unstyled; each code file gets a page of its own and every link to it points there.
 */
function codePages(outputDirectory) {
  const media = join(outputDirectory, 'media');
  let files;
  try {
    files = readdirSync(media).filter((name) => CODE_FILE.test(name));
  } catch {
    return;
  }
  for (const name of files) {
    const code = escapeHtml(readFileSync(join(media, name), 'utf8'));
    writeFileSync(
      join(media, `${name}.html`),
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(name)}</title>` +
        '<meta name="viewport" content="width=device-width, initial-scale=1">' +
        '<link rel="stylesheet" href="../assets/style.css"></head>' +
        `<body><main class="container"><h1>${escapeHtml(name)}</h1><pre><code>${code}</code></pre>` +
        `<p><a href="${encodeURI(name)}">${escapeHtml(name)} as a file</a></p></main></body></html>\n`,
    );
  }
  const linked = new RegExp(
    `href="((?:\\.\\./)*media/)(${files.map((f) => f.replace(/[.]/g, '\\.')).join('|')})(#[^"]*)?"`,
    'g',
  );
  for (const page of readdirSync(outputDirectory, { recursive: true, encoding: 'utf8' })) {
    if (!page.endsWith('.html') || page.startsWith(`media${sep}`)) continue;
    const path = join(outputDirectory, page);
    const html = readFileSync(path, 'utf8');
    const rewritten = html.replace(
      linked,
      (_all, dir, file, anchor = '') => `href="${dir}${file}.html${anchor}"`,
    );
    if (rewritten !== html) writeFileSync(path, rewritten);
  }
}

/** TypeDoc's plugin entry point. */
export function load(app) {
  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    app.options.setValue('modifierTags', [...app.options.getValue('modifierTags'), '@featured']);
  });
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, document) => titleFromHeading(document));
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => categoriseBySource(context, app));
  // After TypeDoc's CategoryPlugin and GroupPlugin (priority -200) have built and sorted the lists.
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => featuredFirst(context), -300);
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => linkAllDocReferences(context));
  app.renderer.on(RendererEvent.END, (event) => codePages(event.outputDirectory));
}
