import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { isMessageKey } from '../../src/core/i18n/translate.js';

/**
 * Finds user-facing sentences written in code instead of the message catalogues: the message
 * given to an error (AppError's factories, `new AppError`, `new GraphQLError`) or to a field
 * problem (`{ field, message }`) when it is a string or template whose own words make an
 * English phrase (two words or more). A catalogue key ('error.forbidden'), a thing NOT_FOUND
 * names ('proposal'), a call (`text(...)`) or a variable pass: their words are in the
 * catalogues, or their type says they come from there.
 */
export interface Untranslated {
  file: string;
  line: number;
  code: string;
}

/** Which argument of each AppError factory is its message. */
const FACTORY_MESSAGE: Record<string, number> = {
  unauthenticated: 1,
  forbidden: 0,
  notFound: 0,
  conflict: 0,
  serviceUnavailable: 0,
  badField: 1,
};

/** Two words in a row: a phrase a person reads, not a field name or a key. */
const PHRASE = /[A-Za-z]{2,}[ ,:;'-]+[A-Za-z]{2,}/;

function staticWords(node: ts.Expression): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return [staticWords(node.left), staticWords(node.right)].filter(Boolean).join(' ') || null;
  }
  return null;
}

/** Whether `node`, given as a message, is a sentence of its own (each branch of a `?:` too). */
function isSentence(node: ts.Expression, notFound: boolean): boolean {
  if (ts.isParenthesizedExpression(node)) return isSentence(node.expression, notFound);
  if (ts.isConditionalExpression(node)) {
    return isSentence(node.whenTrue, notFound) || isSentence(node.whenFalse, notFound);
  }
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    if (isMessageKey(node.text)) return false;
    if (notFound && isMessageKey(`error.notFound.${node.text}`)) return false;
  }
  const words = staticWords(node);
  return words !== null && PHRASE.test(words);
}

/** The untranslated sentences of one file's source. */
export function scanSource(file: string, source: string): Untranslated[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Untranslated[] = [];
  const report = (node: ts.Node) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
    found.push({ file, line: line + 1, code: node.getText(sourceFile).replace(/\s+/g, ' ') });
  };
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.expression.getText(sourceFile) === 'AppError'
    ) {
      const factory = node.expression.name.text;
      const message = node.arguments[FACTORY_MESSAGE[factory] ?? -1];
      if (message && isSentence(message, factory === 'notFound')) report(node);
    }
    if (ts.isNewExpression(node)) {
      const type = node.expression.getText(sourceFile);
      const message =
        type === 'AppError'
          ? node.arguments?.[1]
          : type === 'GraphQLError'
            ? node.arguments?.[0]
            : undefined;
      if (message && isSentence(message, false)) report(node);
    }
    if (ts.isObjectLiteralExpression(node)) {
      const named = (name: string) =>
        node.properties.find(
          (p): p is ts.PropertyAssignment =>
            ts.isPropertyAssignment(p) && p.name.getText(sourceFile) === name,
        );
      const message = named('message');
      const inDecorator = ts.isCallExpression(node.parent) && ts.isDecorator(node.parent.parent);
      if ((named('field') || inDecorator) && message && isSentence(message.initializer, false))
        report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function* sourceFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) yield path;
  }
}

/**
 * What no reader of the API sees: the catalogues themselves, the environment's checks (startup
 * errors, for whoever deploys, in English) and the command line (for operators).
 */
const NOT_READ_BY_USERS = [
  join('core', 'i18n', 'catalogues'),
  join('core', 'config', 'environment.ts'),
  join('cli'),
];

/** Every untranslated sentence under `root` (src/), specs and NOT_READ_BY_USERS aside. */
export function scanTree(root: string, base: string): Untranslated[] {
  const skipped = NOT_READ_BY_USERS.map((path) => join(root, path));
  return [...sourceFiles(root)]
    .filter((path) => !skipped.some((skip) => path.startsWith(skip)))
    .flatMap((path) => scanSource(relative(base, path), readFileSync(path, 'utf8')));
}
