import { describe, expect, it } from 'vitest';
import { contrastRatio, readableOn } from './contrast.ts';

describe('brand colour contrast (WCAG 2)', () => {
  it('gives the known ratios', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });

  it('writes white on the demo brands’ dark primaries and dark text on their light accents', () => {
    for (const dark of ['#1b2a4a', '#0f4c5c', '#1e6b3a', '#334155']) expect(readableOn(dark)).toBe('#ffffff');
    for (const light of ['#c9a227', '#e0b040', '#8bc34a']) expect(readableOn(light)).toBe('#000000');
  });

  it('always picks a text colour with at least 4.5:1 on a primary colour', () => {
    for (let grey = 0; grey < 256; grey += 5) {
      const hex = `#${grey.toString(16).padStart(2, '0').repeat(3)}`;
      expect(contrastRatio(hex, readableOn(hex))).toBeGreaterThanOrEqual(4.5);
    }
  });
});
