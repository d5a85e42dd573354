import type { CategoryRule, CategoryRuleConditions } from './rules';
import type { CategoryId } from './taxonomy';

/**
 * The platform's own rules, tried after a bank's rules and the MCC (see `categorise.ts`). Keywords are
 * generic statement vocabulary in English and the main languages of the platform's regions (German,
 * French, Czech — written without accents: text is compared normalised). They are deliberately cautious:
 * a bare "transfer" only says money moved, so such rules carry a low confidence, which also keeps them
 * out of the classifier's training labels (`trainingLabelMinConfidence`).
 */
function rule(
  id: string,
  priority: number,
  category: CategoryId,
  confidence: number,
  conditions: CategoryRuleConditions,
): CategoryRule {
  return { id: `platform:${id}`, priority, category, confidence, conditions };
}

const credit = 'credit' as const;
const debit = 'debit' as const;

export const platformRules: readonly CategoryRule[] = [
  rule('refund', 10, 'refunds', 0.9, {
    direction: credit,
    descriptionContains: ['refund', 'erstattung', 'remboursement', 'vratka'],
  }),
  rule('salary', 20, 'salary', 0.9, {
    direction: credit,
    descriptionContains: ['salary', 'payroll', 'wages', 'gehalt', 'lohn', 'salaire', 'mzda'],
  }),
  rule('pension', 20, 'pension', 0.9, {
    direction: credit,
    descriptionContains: ['pension', 'rente', 'retraite', 'duchod'],
  }),
  rule('benefits', 20, 'benefits', 0.85, {
    direction: credit,
    descriptionContains: [
      'child benefit',
      'universal credit',
      'jobseeker',
      'kindergeld',
      'allocations familiales',
      'davky',
    ],
  }),
  rule('interest-credit', 30, 'interest-income', 0.9, {
    direction: credit,
    descriptionContains: ['interest', 'zinsen', 'interets', 'urok', 'dividend'],
  }),
  rule('interest-debit', 30, 'interest-charges', 0.9, {
    direction: debit,
    descriptionContains: ['interest', 'overdraft interest', 'zinsen', 'interets', 'urok'],
  }),
  rule('bank-fee', 30, 'bank-fees', 0.85, {
    direction: debit,
    descriptionContains: [
      'account fee',
      'monthly fee',
      'card fee',
      'service charge',
      'kontofuhrung',
      'frais bancaires',
      'poplatek',
    ],
  }),
  rule('atm', 40, 'cash-withdrawal', 0.9, {
    direction: debit,
    descriptionContains: ['atm', 'cash withdrawal', 'geldautomat', 'bargeld', 'retrait', 'vyber z bankomatu'],
  }),
  rule('cash-deposit', 40, 'cash-deposit', 0.85, {
    direction: credit,
    descriptionContains: ['cash deposit', 'bareinzahlung', 'versement especes', 'vklad'],
  }),
  rule('rent', 50, 'housing', 0.85, {
    direction: debit,
    descriptionContains: ['rent', 'miete', 'loyer', 'najem', 'najemne'],
  }),
  rule('mortgage', 50, 'housing', 0.85, {
    direction: debit,
    descriptionContains: ['mortgage', 'hypothek', 'hypoteka'],
  }),
  rule('utilities', 50, 'household-bills', 0.8, {
    direction: debit,
    descriptionContains: [
      'electricity',
      'gas bill',
      'water bill',
      'energy',
      'broadband',
      'strom',
      'electricite',
      'elektrina',
      'sipo',
    ],
  }),
  rule('insurance', 50, 'insurance', 0.85, {
    direction: debit,
    descriptionContains: ['insurance', 'versicherung', 'assurance', 'pojisteni', 'pojistne'],
  }),
  rule('loan', 50, 'loan-repayment', 0.8, {
    direction: debit,
    descriptionContains: [
      'loan',
      'instalment',
      'installment',
      'leasing',
      'kredit',
      'credit card payment',
      'uver',
      'splatka',
    ],
  }),
  rule('tax', 50, 'taxes', 0.85, {
    direction: debit,
    descriptionContains: [
      'hmrc',
      'tax payment',
      'council tax',
      'finanzamt',
      'impots',
      'financni urad',
      'dan z',
    ],
  }),
  rule('charity', 50, 'charity', 0.8, {
    direction: debit,
    descriptionContains: ['donation', 'charity', 'spende', 'dar na'],
  }),
  rule('savings', 60, 'savings-transfer', 0.75, {
    direction: debit,
    descriptionContains: ['to savings', 'savings', 'sparen', 'epargne', 'sporeni'],
  }),
  // Only that money moved: low confidence, below the classifier's training threshold.
  rule('transfer-out', 90, 'transfer-out', 0.5, {
    direction: debit,
    descriptionContains: ['transfer', 'standing order', 'uberweisung', 'virement', 'prevod'],
  }),
  rule('transfer-in', 90, 'transfer-in', 0.5, {
    direction: credit,
    descriptionContains: ['transfer', 'uberweisung', 'virement', 'prevod'],
  }),
];
