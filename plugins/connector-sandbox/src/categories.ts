/**
 * The ground-truth categories the sandbox assigns to every transaction (the intelligence issue's
 * categoriser is evaluated against them). Dotted: the part before the dot is the family. The README
 * repeats this table; keep the two in step.
 */
export const sandboxCategories = {
  'income.salary': 'Wages from an employer (monthly or, in the US, every two weeks)',
  'income.pension': 'State or occupational pension',
  'income.freelance': 'Payments for invoices of the self-employed',
  'income.allowance': "A student's allowance from family",
  'income.interest': 'Interest paid on a savings account',
  'income.refund': 'A merchant refunding a card payment',
  'housing.rent': 'Rent to a landlord or letting agent',
  'housing.mortgage': 'Mortgage repayment (from the current account)',
  'housing.deposit': 'A house-purchase deposit sent to a conveyancer',
  'utilities.energy': 'Electricity and gas',
  'utilities.water': 'Water and sewerage',
  'utilities.telecom': 'Phone, mobile and internet',
  groceries: 'Supermarkets and food shops',
  'subscriptions.streaming': 'Video and music streaming',
  'subscriptions.fitness': 'Gym and fitness memberships',
  'subscriptions.software': 'Software, cloud storage and news subscriptions',
  'dining.restaurants': 'Restaurants and bars',
  'dining.takeaway': 'Fast food, coffee shops and food delivery',
  'transport.fuel': 'Fuel stations',
  'transport.public': 'Public transport and rail',
  'transport.taxi': 'Taxis and ride hailing',
  'transport.vehicle': 'Buying, servicing and repairing a car',
  'shopping.clothing': 'Clothes and shoes',
  'shopping.electronics': 'Electronics and appliances',
  'shopping.home': 'Furniture, DIY and home goods',
  'shopping.general': 'Department stores, online marketplaces, books and gifts',
  'health.pharmacy': 'Pharmacies and drugstores',
  'leisure.entertainment': 'Cinemas, events and leisure',
  'travel.flights': 'Airlines',
  'travel.lodging': 'Hotels and holiday lets',
  'cash.withdrawal': 'Cash machine withdrawals',
  'transfers.savings': 'Moving money between the customer’s current and savings accounts',
  'transfers.own-account': 'The other side of a transfer between the customer’s own accounts',
  'transfers.friends-out': 'Paying friends and family',
  'transfers.friends-in': 'Money from friends and family',
  'debt.loan-repayment': 'Personal or car loan repayment (from the current account)',
  'debt.card-repayment': 'Paying off the credit card (from the current account)',
  'debt.advance': 'A loan or mortgage being drawn (on the loan or mortgage account)',
  'fees.interest': 'Interest charged on a card, loan, mortgage or overdraft',
  'fees.overdraft': 'Overdraft and returned-payment fees',
} as const;

export type SandboxCategory = keyof typeof sandboxCategories;

export const sandboxCategoryList = Object.keys(sandboxCategories) as SandboxCategory[];
