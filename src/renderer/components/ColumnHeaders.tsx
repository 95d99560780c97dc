/** One column of a data table: its label, and whether it holds numbers (right-aligned). */
export interface Column {
  label: string;
  numeric?: boolean;
  /** Extra class of the header cell (e.g. `optional`: a column a narrow window hides). */
  className?: string;
}

/**
 * The header row every blotter shares: `<th scope="col">` per column (so screen readers and
 * role queries find each cell's header) and a visually hidden "Actions" column for row buttons.
 */
export function ColumnHeaders({ columns, actions = true }: { columns: readonly Column[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th
            key={c.label}
            scope="col"
            className={[c.numeric ? 'num' : '', c.className ?? ''].join(' ').trim() || undefined}
          >
            {c.label}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
