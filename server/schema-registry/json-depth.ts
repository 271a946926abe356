// A bound on how deeply a schema written as JSON may nest: parsing and comparing schemas recurse,
// so a hostile one is refused here instead of running the stack out.

/** Far deeper than any real schema. */
export const MAX_SCHEMA_DEPTH = 64;

/** Throws when the JSON value nests deeper than MAX_SCHEMA_DEPTH (measured without recursion). */
export function checkDepth(value: unknown): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth > MAX_SCHEMA_DEPTH) throw new Error(`the schema nests deeper than ${MAX_SCHEMA_DEPTH} levels`);
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
}
