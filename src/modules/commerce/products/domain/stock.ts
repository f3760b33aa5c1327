/**
 * Low stock. A tracked product is low when its count is at or below its threshold (a product
 * with no threshold is never low). A sale "crosses" the threshold when the count was above it
 * before the sale and is at or below it after: that sale alone announces `product.low_stock.v1`,
 * so a studio hears once per dip, not at every later sale.
 */
export function isLowStock(p: { trackStock: boolean; onHand: number; lowStockThreshold: number | null }): boolean {
  return p.trackStock && p.lowStockThreshold !== null && p.onHand <= p.lowStockThreshold;
}

export function crossesLowStock(threshold: number | null, before: number, after: number): boolean {
  return threshold !== null && before > threshold && after <= threshold;
}
