/**
 * The app's code read as code: one parser (oxc) for JavaScript, TypeScript and JSX,
 * whose positions are the source's own. What the build rewrites or checks in a module
 * (auto keys, `definePageMeta`, names that nothing defines) is found here, never by
 * searching text: a name in a comment, a string or a regular expression is not a call.
 */
import { parseSync } from 'oxc-parser'

export type Lang = 'js' | 'jsx' | 'ts' | 'tsx'

/** An ESTree node as oxc gives it: `type`, `start` and `end` (offsets in the source), and its fields. */
export type AnyNode = { type: string, start: number, end: number } & Record<string, any>

/** The language of a file or an esbuild loader (`.mts` is TypeScript, `.cjs` JavaScript). */
export function langOf(fileOrLoader: string): Lang {
  const ext = /(?:^|\.)([cm]?[jt]sx?)$/.exec(fileOrLoader)?.[1]?.replace(/^[cm]/, '')
  return ext === 'ts' || ext === 'tsx' || ext === 'jsx' ? ext : 'js'
}

/** The module's AST, or undefined when it does not parse (esbuild then names the error where it is). */
export function parseModule(code: string, lang: Lang): AnyNode | undefined {
  const result = parseSync(`module.${lang}`, code, { lang, sourceType: 'module' })
  return result.errors.length ? undefined : result.program as unknown as AnyNode
}

/** Visits every node below `root`, depth first; `enter` returning false skips a node's children. */
export function walk(root: unknown, enter: (node: AnyNode) => boolean | void): void {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return
    if (Array.isArray(node)) return node.forEach(visit)
    const n = node as AnyNode
    if (typeof n.type !== 'string' || enter(n) === false) return
    for (const key in n) if (key !== 'type' && key !== 'start' && key !== 'end') visit(n[key])
  }
  visit(root)
}

export const isFunction = (node: AnyNode | undefined): boolean =>
  !!node && (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration')

/** Calls of a plain name (`useX(…)`, not `a.useX(…)`), in source order, where `name` passes `test`. */
export function callsOf(program: AnyNode, test: (name: string) => boolean): AnyNode[] {
  const calls: AnyNode[] = []
  walk(program, (node) => {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && test(node.callee.name)) calls.push(node)
  })
  return calls.sort((a, b) => a.start - b.start)
}

/** Names bound anywhere in a module (imports, declarations, parameters, patterns), whatever their scope. */
export function boundNames(program: AnyNode): Set<string> {
  const names = new Set<string>()
  const bindPattern = (pattern: AnyNode | null | undefined): void => {
    if (!pattern) return
    if (pattern.type === 'Identifier') names.add(pattern.name)
    else if (pattern.type === 'ObjectPattern') pattern.properties.forEach((p: AnyNode) => bindPattern(p.type === 'RestElement' ? p.argument : p.value))
    else if (pattern.type === 'ArrayPattern') pattern.elements.forEach(bindPattern)
    else if (pattern.type === 'RestElement') bindPattern(pattern.argument)
    else if (pattern.type === 'AssignmentPattern') bindPattern(pattern.left)
    else if (pattern.type === 'TSParameterProperty') bindPattern(pattern.parameter)
  }
  walk(program, (n) => {
    if (n.type === 'ImportSpecifier' || n.type === 'ImportDefaultSpecifier' || n.type === 'ImportNamespaceSpecifier') names.add(n.local.name)
    if (n.type === 'VariableDeclarator') bindPattern(n.id)
    if ((n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration' || n.type === 'FunctionExpression' || n.type === 'TSDeclareFunction' || n.type === 'TSImportEqualsDeclaration' || n.type === 'TSEnumDeclaration') && n.id) names.add(n.id.name)
    if (isFunction(n)) n.params.forEach(bindPattern)
    if (n.type === 'CatchClause') bindPattern(n.param)
  })
  return names
}

/** A position as esbuild's messages give it: 1-based line, 0-based column, and the line's text. */
export function locationAt(source: string, offset: number): { line: number, column: number, lineText: string } {
  const before = source.slice(0, offset)
  const lineStart = before.lastIndexOf('\n') + 1
  const lineEnd = source.indexOf('\n', offset)
  return { line: before.split('\n').length, column: offset - lineStart, lineText: source.slice(lineStart, lineEnd < 0 ? undefined : lineEnd) }
}
