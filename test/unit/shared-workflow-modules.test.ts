/**
 * The worker loads workflows/ once and shares it between all workflows (decision 100): a module
 * there must keep no state at module scope that a workflow could change, or one account's
 * workflow would see another's. The SDK freezes a shared module's exports, objects and arrays
 * included; what freezing cannot stop is a rebound let/var or an object made with `new` (a Map's
 * entries, a class's private fields).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PRELOADED_MODULES, WORKFLOWS_PATH } from '../../worker/bundle-options';

const dir = path.dirname(WORKFLOWS_PATH);
const MADE_WITH_NEW = /^new\s/;

/** Module-scope declarations that can hold per-workflow state: let/var, and consts made with `new`. */
function moduleScopeState(source: string, file = 'module.ts'): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    const mutableBinding = (list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) !== ts.NodeFlags.Const;
    for (const decl of list.declarations) {
      const init = decl.initializer?.getText(sf) ?? '';
      if (mutableBinding || MADE_WITH_NEW.test(init)) found.push(decl.name.getText(sf));
    }
  }
  return found;
}

describe('workflow modules shared between workflows', () => {
  it('are what the bundle preloads', () => {
    expect(PRELOADED_MODULES).toContain(WORKFLOWS_PATH);
  });

  it.each(fs.readdirSync(dir).filter((f) => f.endsWith('.ts')))('%s keeps no mutable state at module scope', (file) => {
    expect(moduleScopeState(fs.readFileSync(path.join(dir, file), 'utf8'), file)).toEqual([]);
  });

  it('the check sees a module-scope let, var and an object made with new', () => {
    const source = `let count = 0;\nvar seen = 1;\nconst cache = new Map();\nconst LIMIT = 8000;\nconst PHASES = ['a'] as const;\nconst { a } = proxy();`;
    expect(moduleScopeState(source)).toEqual(['count', 'seen', 'cache']);
  });
});
