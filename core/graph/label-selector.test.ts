import { describe, expect, it } from 'vitest';
import { formatSelector, selectorMatches, serviceSelects } from './label-selector';

describe('serviceSelects', () => {
  it('needs every key to match and selects nothing when empty', () => {
    expect(serviceSelects({ app: 'web' }, { app: 'web', version: '2' })).toBe(true);
    expect(serviceSelects({ app: 'web', version: '1' }, { app: 'web', version: '2' })).toBe(false);
    expect(serviceSelects({}, { app: 'web' })).toBe(false);
    expect(serviceSelects(undefined, { app: 'web' })).toBe(false);
  });
});

describe('selectorMatches', () => {
  it('implements matchLabels and matchExpressions', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(
      selectorMatches(
        { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] },
        labels,
      ),
    ).toBe(true);
    expect(
      selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels),
    ).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, labels)).toBe(
      true,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'canary', operator: 'Exists' }] }, labels)).toBe(
      false,
    );
  });

  it('formats selectors sorted by key', () => {
    expect(formatSelector({ version: '2', app: 'web' })).toBe('app=web,version=2');
  });
});
