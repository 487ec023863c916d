import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * The SPA's source read as the bundler splits it: which modules a file pulls in with it, and which
 * screens it loads on demand through `lazyView` with the message parts it names. Read from the
 * text (every import in admin/ names its file with its extension), for the tests that check what
 * each download carries.
 */
export type SpaModule = {
  /** Modules that come in the same download: static imports and re-exports, and plain `import()`s of sub-chunks the screen waits for. */
  deps: string[];
  /** Screens loaded through `lazyView(() => import(file)..., [parts])`. */
  screens: { file: string; parts: string[] }[];
  source: string;
};

const ROOT = 'admin';
const STATIC = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\bfrom\s+)?['"](\.[^'"]+)['"]/gm;
const DYNAMIC = /import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
const LAZY_VIEW = /lazyView\(\s*\(\)\s*=>\s*import\(\s*['"](\.[^'"]+)['"]\s*\)[\s\S]*?,\s*\[([^\]]*)\]\s*,?\s*\)/g;

/** Every module of the SPA (admin/, the message files excepted) by its path from the repository root. */
export function readSpa(): Map<string, SpaModule> {
  const files = readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/^i18n\/(en|fr)\//.test(f))
    .map((f) => join(ROOT, f));
  const modules = new Map<string, SpaModule>();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const resolve = (spec: string) => normalize(join(dirname(file), spec));
    const screens = [...source.matchAll(LAZY_VIEW)].map((m) => ({
      file: resolve(m[1]!),
      parts: [...m[2]!.matchAll(/['"](\w+)['"]/g)].map((p) => p[1]!),
    }));
    const screenFiles = new Set(screens.map((s) => s.file));
    const deps = [...source.matchAll(STATIC), ...source.matchAll(DYNAMIC)]
      .map((m) => resolve(m[1]!))
      .filter((dep) => !screenFiles.has(dep) && !relative(ROOT, dep).startsWith('..') && !/^admin\/i18n\/(en|fr)\//.test(dep));
    modules.set(file, { deps: [...new Set(deps)], screens, source });
  }
  return modules;
}

/** The modules one download holds: `from` and what it pulls in, up to the next lazy screens. */
export function closureOf(modules: Map<string, SpaModule>, from: string): string[] {
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    const mod = modules.get(file);
    if (!mod) throw new Error(`${file} is imported but not found`);
    seen.add(file);
    for (const dep of mod.deps) walk(dep);
  };
  walk(from);
  return [...seen];
}

/**
 * The message keys a source names, by their dotted text in quotes or at the start of a template
 * ('customerList.name', `intents.label.${intent}`): only those that are a key of `known`, or the
 * start of one, count (an audit action such as 'customer.view' is not a message).
 */
export function messageKeysIn(source: string, known: Set<string>): string[] {
  const keys: string[] = [];
  for (const m of source.matchAll(/['"`]([a-z][A-Za-z]*(?:\.[A-Za-z0-9_-]+)*\.?)(?=['"`]|\$\{)/g)) {
    const text = m[1]!;
    if (!text.includes('.')) continue;
    if (known.has(text) || (text.endsWith('.') && [...known].some((key) => key.startsWith(text)))) keys.push(text);
  }
  return keys;
}
