// Where results go: stdout, as a table (or plain lines) for people or as JSON for scripts.
import { renderTable, type Cell } from './table.js';

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): void {
  process.stdout.write(renderTable(headers, rows));
}

export function printLine(text: string): void {
  process.stdout.write(text + '\n');
}

/** Notes for people (not part of the result): stderr, so stdout stays parseable. */
export function printNote(text: string): void {
  process.stderr.write(text + '\n');
}
