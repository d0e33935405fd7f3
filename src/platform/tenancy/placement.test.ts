import { describe, expect, it } from 'vitest';
import { choosePlacement, type PlacementCandidate } from './placement.ts';

const cell = (
  name: string,
  region: string,
  kind: 'pooled' | 'dedicated',
  tenantCount = 0,
): PlacementCandidate => ({
  id: `id-${name}`,
  name,
  region,
  kind,
  status: 'active',
  tenantCount,
});
const cells = [
  cell('eu-pool-1', 'eu', 'pooled', 3),
  cell('eu-pool-2', 'eu', 'pooled', 1),
  cell('us-pool-1', 'us', 'pooled'),
];

describe('choosePlacement', () => {
  it('prefers the home region, then the least-loaded pooled cell', () => {
    const tenant = { isolationTier: 'pooled' as const, homeRegion: 'eu', allowedRegions: ['eu', 'us'] };
    expect(choosePlacement(tenant, cells).name).toBe('eu-pool-2');
  });

  it('falls back to another allowed region when the home region has no cell', () => {
    const tenant = { isolationTier: 'pooled' as const, homeRegion: 'uk', allowedRegions: ['uk', 'us'] };
    expect(choosePlacement(tenant, cells).name).toBe('us-pool-1');
  });

  it('refuses a tenant whose residency allows no region with a cell', () => {
    const tenant = { isolationTier: 'pooled' as const, homeRegion: 'ap', allowedRegions: ['ap'] };
    expect(() => choosePlacement(tenant, cells)).toThrow(
      expect.objectContaining({ code: 'PLACEMENT_RESIDENCY_VIOLATION' }),
    );
  });

  it('refuses a dedicated tenant when no empty dedicated cell is in its regions', () => {
    const tenant = { isolationTier: 'dedicated' as const, homeRegion: 'eu', allowedRegions: ['eu'] };
    expect(() => choosePlacement(tenant, cells)).toThrow(
      expect.objectContaining({ code: 'PLACEMENT_NO_DEDICATED_CELL' }),
    );
    const taken = [...cells, cell('eu-dedicated-1', 'eu', 'dedicated', 1)];
    expect(() => choosePlacement(tenant, taken)).toThrow(
      expect.objectContaining({ code: 'PLACEMENT_NO_DEDICATED_CELL' }),
    );
    const free = [...taken, cell('eu-dedicated-2', 'eu', 'dedicated')];
    expect(choosePlacement(tenant, free).name).toBe('eu-dedicated-2');
  });

  it('never puts a pooled tenant on a dedicated cell', () => {
    const tenant = { isolationTier: 'pooled' as const, homeRegion: 'eu', allowedRegions: ['eu'] };
    expect(() => choosePlacement(tenant, [cell('eu-dedicated-1', 'eu', 'dedicated')])).toThrow(
      expect.objectContaining({ code: 'PLACEMENT_NO_CELL' }),
    );
  });

  it('checks a requested cell against residency, kind and occupancy', () => {
    const pooledEu = { isolationTier: 'pooled' as const, homeRegion: 'eu', allowedRegions: ['eu'] };
    const dedicatedEu = { isolationTier: 'dedicated' as const, homeRegion: 'eu', allowedRegions: ['eu'] };
    const all = [...cells, cell('eu-dedicated-1', 'eu', 'dedicated', 1)];
    expect(choosePlacement(pooledEu, all, 'id-eu-pool-1').name).toBe('eu-pool-1');
    expect(() => choosePlacement(pooledEu, all, 'id-us-pool-1')).toThrow(
      expect.objectContaining({ code: 'PLACEMENT_RESIDENCY_VIOLATION' }),
    );
    expect(() => choosePlacement(pooledEu, all, 'id-eu-dedicated-1')).toThrow(
      expect.objectContaining({ code: 'PLACEMENT_KIND_MISMATCH' }),
    );
    expect(() => choosePlacement(dedicatedEu, all, 'id-eu-dedicated-1')).toThrow(
      expect.objectContaining({ code: 'PLACEMENT_CELL_OCCUPIED' }),
    );
    expect(() => choosePlacement(pooledEu, all, 'id-nowhere')).toThrow(
      expect.objectContaining({ code: 'CELL_NOT_FOUND' }),
    );
  });
});
