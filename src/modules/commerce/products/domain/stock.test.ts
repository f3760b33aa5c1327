import { describe, expect, it } from 'vitest';
import { crossesLowStock, isLowStock } from './stock.ts';

describe('low stock', () => {
  it.each([
    [true, 3, 3, true],
    [true, 4, 3, false],
    [true, 0, null, false],
    [false, 0, 5, false],
  ])('tracked %s, %i on hand, threshold %s → low %s', (trackStock, onHand, lowStockThreshold, low) => {
    expect(isLowStock({ trackStock, onHand, lowStockThreshold })).toBe(low);
  });

  it.each([
    [3, 5, 3, true],
    [3, 4, 0, true],
    [3, 3, 2, false],
    [3, 10, 4, false],
    [null, 5, 0, false],
  ])('threshold %s: %i → %i crosses %s', (threshold, before, after, crosses) => {
    expect(crossesLowStock(threshold, before, after)).toBe(crosses);
  });
});
