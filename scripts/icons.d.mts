export const ICON_SIZES: number[];
export const MAIN_ICON_SIZE: number;
/** An RGBA PNG of the app icon at `size`×`size` pixels. */
export function renderIcon(size: number): Buffer;
/** Writes icon.png and icons/<n>x<n>.png under `dir`. */
export function writeIcons(dir: string): void;
