import { createContext, useContext, useEffect } from 'react';

export interface Brand {
  brandColor: string;
  accentColor: string;
}

export const BrandContext = createContext<(brand: Brand | null) => void>(() => {});

/** Themes the app with a studio's colours while the calling component is mounted. */
export function useApplyBrand(brand: Brand | null | undefined): void {
  const setBrand = useContext(BrandContext);
  const primary = brand?.brandColor;
  const accent = brand?.accentColor;
  useEffect(() => {
    if (!primary || !accent) return;
    setBrand({ brandColor: primary, accentColor: accent });
    return () => setBrand(null);
  }, [primary, accent, setBrand]);
}
