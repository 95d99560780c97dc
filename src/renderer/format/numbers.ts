// Indian digit grouping (10,00,000.00). Formatters are built once: Intl constructors are slow
// and these run for every visible cell on every tick.
const money2 = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int0 = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0 });
const pct2 = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const DASH = '—';

/** `1000000` → `"10,00,000.00"`. */
export function formatPrice(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return money2.format(value);
}

/** `1000000` → `"₹10,00,000.00"`, negatives as `"-₹1,234.50"`. */
export function formatRupees(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const sign = value < 0 ? '-' : '';
  return `${sign}₹${money2.format(Math.abs(value))}`;
}

/** P&L with an explicit sign: `"+₹1,250.00"` / `"-₹80.00"`. */
export function formatSignedRupees(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const sign = value > 0 ? '+' : value < 0 ? '-' : '';
  return `${sign}₹${money2.format(Math.abs(value))}`;
}

export function formatSigned(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const sign = value > 0 ? '+' : value < 0 ? '-' : '';
  return `${sign}${money2.format(Math.abs(value))}`;
}

export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const sign = value > 0 ? '+' : value < 0 ? '-' : '';
  return `${sign}${pct2.format(Math.abs(value))}%`;
}

/** Volumes and quantities: whole numbers, Indian grouping. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return int0.format(value);
}

/** CSS tone of a signed number: used for P&L and change cells. */
export function toneOf(value: number | null | undefined): 'up' | 'down' | 'flat' {
  if (value === null || value === undefined || !Number.isFinite(value) || value === 0) return 'flat';
  return value > 0 ? 'up' : 'down';
}
