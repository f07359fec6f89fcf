/**
 * A TypeScript language service over the project's tsconfig with in-memory files, so tests and benches can
 * ask what an editor would show (completions, hovers) without writing files. Virtual files live next to
 * real ones (pass an absolute path), so their relative imports resolve against the source tree.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    resolve(root, 'tsconfig.json'),
    { noEmit: true, skipLibCheck: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('cannot read tsconfig.json');
  return parsed.options;
}

/** A language service whose root files are exactly the virtual files given. */
export interface VirtualLanguageService {
  readonly service: ts.LanguageService;
  /** Offset of the first occurrence of `marker` in a virtual file (the marker itself is not removed). */
  offsetOf(fileName: string, marker: string): number;
  /** Completion entry names at `marker` (the position right after it). */
  completionsAfter(fileName: string, marker: string): string[];
  /** The hover text (quick info) of the identifier starting at `marker`. */
  hoverAt(fileName: string, marker: string): string;
  /** Error diagnostics of a virtual file, flattened. */
  errors(fileName: string): string[];
}

/**
 * Creates the service. `files` maps absolute paths to their text.
 *
 * @example
 * const ls = createVirtualLanguageService({ [path]: "import { hashed } from './fixtures.js'; hashed().where('" });
 * ls.completionsAfter(path, "where('");
 */
export function createVirtualLanguageService(
  files: Readonly<Record<string, string>>,
): VirtualLanguageService {
  const options = compilerOptions();
  const virtual = new Map(Object.entries(files).map(([name, text]) => [resolve(name), text]));
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [...virtual.keys()],
    getScriptVersion: () => '1',
    getScriptSnapshot: (fileName) => {
      const text =
        virtual.get(resolve(fileName)) ?? (existsSync(fileName) ? readFileSync(fileName, 'utf8') : undefined);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (fileName) => virtual.has(resolve(fileName)) || ts.sys.fileExists(fileName),
    readFile: (fileName) => virtual.get(resolve(fileName)) ?? ts.sys.readFile(fileName),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());

  const offsetOf = (fileName: string, marker: string): number => {
    const text = virtual.get(resolve(fileName)) ?? '';
    const at = text.indexOf(marker);
    if (at < 0) throw new Error(`marker not found: ${marker}`);
    return at;
  };

  return {
    service,
    offsetOf,
    completionsAfter(fileName, marker) {
      const position = offsetOf(fileName, marker) + marker.length;
      const info = service.getCompletionsAtPosition(resolve(fileName), position, {});
      return (info?.entries ?? []).map((e) => e.name);
    },
    hoverAt(fileName, marker) {
      const info = service.getQuickInfoAtPosition(resolve(fileName), offsetOf(fileName, marker));
      return ts.displayPartsToString(info?.displayParts ?? []);
    },
    errors(fileName) {
      return service
        .getSemanticDiagnostics(resolve(fileName))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  };
}
