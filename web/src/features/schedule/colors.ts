/** Black or white, whichever reads better on the template's colour (WCAG relative luminance). */
export function contrastOn(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#000000';
  const channel = (h: string) => {
    const c = Number.parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(m[1]!) + 0.7152 * channel(m[2]!) + 0.0722 * channel(m[3]!);
  // White text passes 4.5:1 only on dark colours: (1.05)/(L+0.05) ≥ 4.5 ⇔ L ≤ 0.183.
  return luminance <= 0.183 ? '#ffffff' : '#000000';
}
