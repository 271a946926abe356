// Kafka-tool style tables: a header row, columns left-aligned and padded to their widest cell,
// '-' where a value is unknown.
export type Cell = string | number | null | undefined;

export function renderTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => headers.map((_, i) => cellText(row[i])));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...text.map(line)].join('\n') + '\n';
}

function cellText(cell: Cell): string {
  return cell === null || cell === undefined || cell === '' ? '-' : String(cell);
}
