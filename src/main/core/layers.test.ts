import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { expect, it } from 'vitest'

/**
 * The core's rooms import one way: no folder of `src/main/core` reaches back up into a folder that
 * imports it. `app/` sits on top (it wires the rest); the leaves (clock, errors, text) import nothing.
 */
const CORE = resolve(__dirname)

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : []
  })
}

/** The room of a core file: its first folder under core, or the file itself for a leaf. */
const room = (file: string) => relative(CORE, file).split('/')[0]!.replace(/\.ts$/, '')

function roomGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>()
  for (const file of sources(CORE)) {
    const from = room(file)
    const edges = graph.get(from) ?? new Set<string>()
    graph.set(from, edges)
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), spec!)
      if (!target.startsWith(`${CORE}/`)) continue
      const to = room(`${target}.ts`)
      if (to !== from) edges.add(to)
    }
  }
  return graph
}

function cycleThrough(graph: Map<string, Set<string>>): string[] | undefined {
  const done = new Set<string>()
  const visit = (node: string, path: string[]): string[] | undefined => {
    if (path.includes(node)) return [...path.slice(path.indexOf(node)), node]
    if (done.has(node)) return undefined
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next, [...path, node])
      if (cycle) return cycle
    }
    done.add(node)
    return undefined
  }
  for (const node of graph.keys()) {
    const cycle = visit(node, [])
    if (cycle) return cycle
  }
  return undefined
}

it('has no import cycle between the rooms of the core', () => {
  const graph = roomGraph()
  expect(graph.size).toBeGreaterThan(10)
  expect(cycleThrough(graph)).toBeUndefined()
})

it('keeps the app on top: no room of the core imports app/', () => {
  const graph = roomGraph()
  const into = [...graph].filter(([from, to]) => from !== 'app' && to.has('app')).map(([from]) => from)
  expect(into).toEqual([])
})

it('finds a cycle when there is one (the check can fail)', () => {
  const graph = new Map([
    ['quota', new Set(['daily'])],
    ['daily', new Set(['quota'])],
  ])
  expect(cycleThrough(graph)).toEqual(['quota', 'daily', 'quota'])
})
