import { describe, expect, it } from 'vitest';
import { conditionsInput } from '../data/condition-input.ts';
import { formPath } from '../data/index.ts';
import { groupOf, switchJoin } from './condition-tree.ts';

describe('condition tree', () => {
  it('sends every level as the API takes it: lists split, blanks left out, nested groups kept', () => {
    expect(
      conditionsInput({
        descriptionContains: 'coffee, espresso',
        currency: ' ',
        any: [{ mcc: '5814' }, { all: [{ merchantContains: ['Costa'] }, { direction: 'debit' }] }],
      }),
    ).toEqual({
      descriptionContains: ['coffee', 'espresso'],
      any: [{ mcc: ['5814'] }, { all: [{ merchantContains: ['Costa'] }, { direction: 'debit' }] }],
    });
  });

  it('keeps an empty group, so the API names it at its path', () => {
    expect(conditionsInput({ mcc: '5814', all: [] })).toEqual({ mcc: ['5814'], all: [] });
  });

  it('switches a group between all and any without losing its items', () => {
    const node = { mcc: ['5814'], all: [{ mcc: ['5812'] }] };
    expect(switchJoin(node, 'any')).toEqual({ mcc: ['5814'], any: [{ mcc: ['5812'] }] });
    expect(groupOf(switchJoin(node, 'any'))).toEqual({ join: 'any', items: [{ mcc: ['5812'] }] });
    expect(switchJoin(node, 'all')).toBe(node);
  });

  it('names the API’s nested problem paths as the form’s inputs', () => {
    expect(formPath('conditions.any[1].all[0].mcc')).toBe('conditions.any.1.all.0.mcc');
  });
});
