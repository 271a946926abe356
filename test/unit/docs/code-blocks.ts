// Pulls the ```ts code blocks out of markdown and type-checks them against the package source,
// so every example in the README and docs/ compiles under strict TypeScript as a user would
// write it. A block opened with ```ts fragment is a deliberate excerpt and is skipped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface CodeBlock {
  file: string;
  line: number;
  code: string;
}

const FENCE = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm;

export function extractBlocks(file: string, markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const match of markdown.matchAll(FENCE)) {
    if (match[2]!.trim().split(/\s+/).includes('fragment')) continue;
    const line = markdown.slice(0, match.index).split('\n').length + 1;
    blocks.push({ file, line, code: match[3]! });
  }
  return blocks;
}

// The package's public entry points, resolved to their source instead of dist/.
function packageEntries(root: string): Record<string, string> {
  return {
    minibroker: path.join(root, 'client-sdk/index.js'),
    'minibroker/server': path.join(root, 'server/index.js'),
    'minibroker/testing': path.join(root, 'testing/index.js'),
    'minibroker/protocol': path.join(root, 'protocol/index.js'),
  };
}

/** Rewrites `from 'minibroker…'` to the source file, and makes the block a module (top-level await). */
export function toModule(code: string, root: string): string {
  const entries = packageEntries(root);
  const rewritten = code.replace(
    /(from\s+|import\s+)(['"])(minibroker(?:\/[a-z]+)?)\2/g,
    (all, head: string, quote: string, name: string) =>
      entries[name] ? `${head}${quote}${entries[name]}${quote}` : all,
  );
  return `${rewritten}\nexport {};\n`;
}

export interface BlockError {
  block: CodeBlock;
  message: string;
}

/** Type-checks every block in one program (strict, NodeNext, as the project's tsconfig). */
export function typeCheckBlocks(blocks: CodeBlock[], root: string): BlockError[] {
  const virtual = new Map<string, CodeBlock & { source: string }>();
  blocks.forEach((block, i) => {
    const name = path.join(root, `docs-block-${i}.ts`);
    virtual.set(name, { ...block, source: toModule(block.code, root) });
  });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name)?.source ?? readFile.call(host, name);
  host.getSourceFile = (name, version, ...rest) => {
    const block = virtual.get(name);
    return block ? ts.createSourceFile(name, block.source, version) : getSourceFile.call(host, name, version, ...rest);
  };
  const program = ts.createProgram([...virtual.keys()], options, host);
  const errors: BlockError[] = [];
  // Only the blocks are checked: the package's own files belong to the project's type-check.
  const diagnostics = [...virtual.keys()].flatMap((name) => {
    const file = program.getSourceFile(name)!;
    return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
  });
  for (const diagnostic of diagnostics) {
    const block = virtual.get(diagnostic.file!.fileName)!;
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    errors.push({ block, message: `${block.file}:${block.line + line}: ${message}` });
  }
  return errors;
}

export function readBlocks(root: string, files: string[]): CodeBlock[] {
  return files.flatMap((file) => extractBlocks(file, readFileSync(path.join(root, file), 'utf8')));
}
