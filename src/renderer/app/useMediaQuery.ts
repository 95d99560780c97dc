import { useEffect, useState } from 'react';

/** A laptop-sized window (1280×720 and up to 1400 px wide): the layout gives up optional columns. */
export const NARROW_WINDOW = '(max-width: 1400px)';

/** Whether a CSS media query matches, kept current as the window is resized. */
export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof matchMedia === 'function' && matchMedia(query).matches);
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const list = matchMedia(query);
    const onChange = () => setMatches(list.matches);
    onChange();
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}
