import { describe, expect, it } from 'vitest';
import { listAction } from '../../src/ui/keys.js';

describe('listAction', () => {
  it('a digit picks that choice; one out of range or an empty list does nothing', () => {
    expect(listAction('2', undefined, 0, 3)).toEqual({ pick: 1 });
    expect(listAction('4', undefined, 0, 3)).toBeUndefined();
    expect(listAction('0', undefined, 0, 3)).toBeUndefined();
    expect(listAction('1', 'choice.select', 0, 0)).toBeUndefined();
  });

  it('up and down wrap around, Enter picks the selected one, other commands pass through', () => {
    expect(listAction('', 'choice.up', 0, 3)).toEqual({ select: 2 });
    expect(listAction('', 'choice.down', 2, 3)).toEqual({ select: 0 });
    expect(listAction('', 'choice.select', 1, 3)).toEqual({ pick: 1 });
    expect(listAction('q', 'app.quit', 1, 3)).toBeUndefined();
  });
});
