import { categoryIds, categoryLabels } from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { clause, isSlovenian, sentenceFrom } from './sentence';
import { clauseSl, sentenceSl } from './sentence-sl';

describe('the sentence in Slovenian', () => {
  it('is chosen for sl locales only', () => {
    expect(['sl', 'sl-SI', 'SL_si', ' sl '].map(isSlovenian)).toEqual([true, true, true, true]);
    expect(['en', 'en-GB', 'slk', 'de-AT'].map(isSlovenian)).toEqual([false, false, false, false]);
  });

  it('counts in the four Slovenian forms', () => {
    expect([1, 2, 3, 4, 5, 14, 101, 102, 103].map((n) => clauseSl('customer.tenure', n))).toEqual([
      'pri nas ste stranka že 1 mesec',
      'pri nas ste stranka že 2 meseca',
      'pri nas ste stranka že 3 mesece',
      'pri nas ste stranka že 4 mesece',
      'pri nas ste stranka že 5 mesecev',
      'pri nas ste stranka že 14 mesecev',
      'pri nas ste stranka že 101 mesec',
      'pri nas ste stranka že 102 meseca',
      'pri nas ste stranka že 103 mesece',
    ]);
    expect(clauseSl('recurring.count', 2)).toBe('imate 2 redni plačili');
    expect(clauseSl('recurring.count', 7)).toBe('imate 7 rednih plačil');
    expect(clauseSl('overdraft.days', 3)).toBe('vaš račun je bil 3 dni v minusu');
    expect(clauseSl('overdraft.days', 0)).toBe('vaš račun ni bil v minusu');
    expect(clauseSl('customer.age', 34)).toBe('stari ste 34 let');
  });

  it('writes amounts and percentages the Slovenian way, and products in the case the clause needs', () => {
    expect(clauseSl('balance.idle', 420_000)).toBe('4200 že 3 mesece miruje na vašem tekočem računu');
    // Slovenian groups digits from five on (CLDR minimum grouping 2): 4200, 12.500.
    expect(clauseSl('income.monthly', 1_250_000)).toBe('vaš mesečni dohodek je približno 12.500');
    expect(clauseSl('income.change', 0.12)).toBe('vaš dohodek se je zvišal za 12\u00a0%');
    expect(clauseSl('balance.min', -12_050)).toBe('vaše stanje je padlo vse do -121');
    expect(clauseSl('spend.category.groceries', 35_000)).toBe('za živila porabite približno 350 na mesec');
    expect(clauseSl('spend.category.unknown-thing', 35_000)).toBeNull();
    expect(clauseSl('products-held.credit-card', 1)).toBe('že imate kreditno kartico');
    expect(clauseSl('products-held.credit-card', 0)).toBe('še nimate kreditne kartice');
    expect(clauseSl('forecast.days-to-min-balance', 4)).toBeNull();
    expect(clauseSl('income.monthly', null)).toBeNull();
  });

  it('names a category by the SDK catalogue’s label in lower case, or its accusative where that differs', () => {
    expect(clauseSl('spend.category.shopping', 12_000)).toBe(
      'za nakupovanje porabite približno 120 na mesec',
    );
    expect(clauseSl('spend.category.interest-charges', 4_000)).toBe(
      'za plačane obresti porabite približno 40 na mesec',
    );
    expect(clauseSl('spend.category.entertainment', 8_000)).toBe('za zabavo porabite približno 80 na mesec');
    expect(clauseSl('spend.category.bank-fees', 500)).toBe('za bančne stroške porabite približno 5 na mesec');
    expect(clauseSl('spend.category.other-spending', 9_000)).toBe(
      'za druge izdatke porabite približno 90 na mesec',
    );
    for (const id of categoryIds) {
      expect(clauseSl(`spend.category.${id}`, 10_000), id).toMatch(
        /^za \p{Ll}.* porabite približno 100 na mesec$/u,
      );
    }
  });

  it('names a category in English by the catalogue’s label in lower case', () => {
    for (const id of categoryIds) {
      expect(clause(`spend.category.${id}`, 20_000, 'en')).toBe(
        `you spend about 200 a month on ${categoryLabels.en[id].toLowerCase()}`,
      );
    }
  });

  it('joins at most two clauses, capitalised, and names the product; without a clause, a general one', () => {
    expect(
      sentenceFrom(
        [
          { feature: 'income.change', value: 0.12, contribution: 0.4 },
          { feature: 'balance.idle', value: 420_000, contribution: 0.3 },
          { feature: 'spend.monthly', value: 100_000, contribution: 0.2 },
          { feature: 'customer.age', value: 40, contribution: -0.1 },
        ],
        'fixed-term-deposit',
        'sl-SI',
      ),
    ).toBe(
      'Vaš dohodek se je zvišal za 12\u00a0% in 4200 že 3 mesece miruje na vašem tekočem računu: stranke, kot ste vi, pogosto izberejo vezano vlogo.',
    );
    expect(sentenceSl([], 'mortgage')).toBe(
      'Stranke s profilom, podobnim vašemu, pogosto izberejo stanovanjski kredit.',
    );
    expect(sentenceSl([], 'something-new')).toBe(
      'Stranke s profilom, podobnim vašemu, pogosto izberejo ta produkt.',
    );
  });
});
