/**
 * TypeDoc plugin: types that public signatures mention but users never name themselves (the query
 * builder's compile-time rules and error messages, the option checks) carry `@hidden` where they are
 * declared. The plugin reads those tags from src/ and passes the names to TypeDoc as intentionally not
 * exported, so the decision lives beside each type instead of in a list in typedoc.json.
 *
 * `@internal` cannot do this job: the build strips `@internal` declarations from the .d.ts files
 * (`stripInternal`), and these types must stay there because exported declarations refer to them.
 * TypeDoc still reports any other type that is referenced but not exported, and any `@hidden` type that
 * no public signature mentions (a stale tag), so the check keeps its teeth.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Application } from 'typedoc';
import ts from 'typescript';

/** `path:Name` entries (TypeDoc's format) for every top-level declaration tagged `@hidden` under `root`. */
export function hiddenDeclarations(root, projectRoot) {
  const entries = [];
  for (const name of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.ts')) continue;
    const file = join(root, name);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const path = relative(projectRoot, file).split(sep).join('/');
    for (const statement of source.statements) {
      const id = statement.name;
      if (id === undefined || !ts.isIdentifier(id)) continue;
      if (ts.getJSDocTags(statement).some((tag) => tag.tagName.text === 'hidden')) {
        entries.push(`${path}:${id.text}`);
      }
    }
  }
  return entries.sort();
}

/** TypeDoc's plugin entry point. */
export function load(app) {
  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    const projectRoot = process.cwd();
    const hidden = hiddenDeclarations(join(projectRoot, 'src'), projectRoot);
    const listed = app.options.getValue('intentionallyNotExported');
    app.options.setValue('intentionallyNotExported', [...listed, ...hidden]);
    app.logger.verbose(`typedoc-hidden-types: ${hidden.length} @hidden types`);
  });
}
