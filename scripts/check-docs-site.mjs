/**
 * Checks the API reference as a reader meets it (run by `npm run docs` on TypeDoc's JSON output): every
 * module has a description, no symbol of the main module falls into the "Other" category, and every guide
 * has a title of its own (its `# Heading`, not its file name).
 *
 * Usage: node scripts/check-docs-site.mjs docs/api/api.json
 */
import { readFileSync } from 'node:fs';

/** The problems found in TypeDoc's serialised project. */
export function siteProblems(project) {
  const problems = [];
  for (const module of project.children ?? []) {
    const summary = (module.comment?.summary ?? [])
      .map((part) => part.text)
      .join('')
      .trim();
    if (summary === '')
      problems.push(`module ${module.name} has no description (a file comment with @module)`);
    for (const category of module.categories ?? [])
      if (category.title === 'Other') {
        const names = new Map((module.children ?? []).map((child) => [child.id, child.name]));
        const listed = category.children.map((id) => names.get(id) ?? id).join(', ');
        problems.push(`module ${module.name} files ${listed} under "Other": give them a @category`);
      }
  }
  for (const document of project.documents ?? []) {
    const title = document.name ?? '';
    if (title === '' || /^[a-z0-9-]+$/.test(title))
      problems.push(`guide "${title}" has no title: start the file with a # Heading`);
  }
  return problems;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const file = process.argv[2] ?? 'docs/api/api.json';
  const problems = siteProblems(JSON.parse(readFileSync(file, 'utf8')));
  for (const problem of problems) console.error(`check-docs-site: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log(`check-docs-site: ${file} ok`);
}
