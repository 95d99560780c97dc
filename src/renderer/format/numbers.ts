// Indian digit grouping (10,00,000.00). Formatters are built once: Intl constructors are slow
// and these run for every visible cell on every tick.
const money2 = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int0 = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0 });

const DASH = '—';

/**
 * The value as the screen shows it: rounded half away from zero (Intl's rounding) to `decimals`
 * places, and never −0. Every sign and every tone is taken from this number, not from the raw
 * one, so float noise cannot colour or sign a value that displays as zero
 * (`0.1 + 0.2 − 0.3` = 5.55e-17 → 0 → `₹0.00`, flat).
 */
export function displayed(value: number, decimals = 2): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(Math.abs(value) * factor) / factor;
  return rounded === 0 ? 0 : value < 0 ? -rounded : rounded;
}

/** Finite numbers only; everything else is shown as a dash. */
function finite(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}

/** `1000000` → `"10,00,000.00"`. */
export function formatPrice(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  const shown = displayed(value);
  return `${shown < 0 ? '-' : ''}${money2.format(Math.abs(shown))}`;
}

/** `1000000` → `"₹10,00,000.00"`, negatives as `"-₹1,234.50"`. */
export function formatRupees(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  const shown = displayed(value);
  return `${shown < 0 ? '-' : ''}₹${money2.format(Math.abs(shown))}`;
}

/**
 * Money the platform holds in whole rupees (balance, margins, charges debited), without paise:
 * `999991` → `"₹9,99,991"`, negatives as `"-₹2"`. Showing `.00` on such an amount would claim a
 * precision the ledger does not have; amounts to the paisa use `formatRupees`.
 */
export function formatWholeRupees(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  const shown = displayed(value, 0);
  return `${shown < 0 ? '-' : ''}₹${int0.format(Math.abs(shown))}`;
}

/** A whole-rupee change with an explicit sign: `"+₹3"` / `"-₹2"`; zero as `"₹0"`. */
export function formatSignedWholeRupees(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  const shown = displayed(value, 0);
  return `${signOf(shown)}₹${int0.format(Math.abs(shown))}`;
}

/** P&L with an explicit sign: `"+₹1,250.00"` / `"-₹80.00"`; a value that shows as zero is `"₹0.00"`. */
export function formatSignedRupees(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  const shown = displayed(value);
  return `${signOf(shown)}₹${money2.format(Math.abs(shown))}`;
}

/** A change with an explicit sign: `"+12.35"` / `"-0.05"`; zero as `"0.00"`. */
export function formatSigned(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  const shown = displayed(value);
  return `${signOf(shown)}${money2.format(Math.abs(shown))}`;
}

export function formatPercent(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  const shown = displayed(value);
  return `${signOf(shown)}${money2.format(Math.abs(shown))}%`;
}

/** Volumes and quantities: whole numbers, Indian grouping. */
export function formatCount(value: number | null | undefined): string {
  if (!finite(value)) return DASH;
  return int0.format(value);
}

/**
 * CSS tone of a signed number shown at two decimals (P&L, change, change %): from the value as
 * displayed, so a cell never reads `₹0.00` in green or red.
 */
export function toneOf(value: number | null | undefined): 'up' | 'down' | 'flat' {
  if (!finite(value)) return 'flat';
  const shown = displayed(value);
  return shown > 0 ? 'up' : shown < 0 ? 'down' : 'flat';
}

/** Money as one cell shows it: the signed text and its tone, from one rounding. */
export function signedMoney(value: number | null | undefined): { text: string; tone: 'up' | 'down' | 'flat' } {
  return { text: formatSignedRupees(value), tone: toneOf(value) };
}

function signOf(shown: number): '+' | '-' | '' {
  return shown > 0 ? '+' : shown < 0 ? '-' : '';
}
