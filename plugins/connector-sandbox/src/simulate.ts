/**
 * The day-by-day simulation behind `SandboxCustomer.transactions()`: walks the period one day at a
 * time, follows the customer's plan (pay days, bills, subscriptions, loans) and draws the everyday
 * spending, keeps every account's balance, and yields transactions in booking order with their
 * ground truth. Memory is bounded by a few weeks of scheduled items, whatever the period's length.
 */
import type { Money, SourceTransaction } from '@finpersona/plugin-sdk';
import {
  businessDayOnOrAfter,
  businessDayOnOrBefore,
  civilFromDay,
  dayFromCivil,
  dayFromIso,
  dayInMonth,
  daysInMonth,
  isWeekend,
  type CivilDate,
} from './calendar';
import {
  discretionaryMerchants,
  energySeasonality,
  groceryMerchants,
  largePurchaseMerchants,
  lenders,
  regionProfiles,
  spendingSeasonality,
  travelMerchants,
  carDealer,
  type Merchant,
} from './catalogue';
import type { SandboxCategory } from './categories';
import { shelfPrice, type CustomerPlan, type IncomePlan, type Period, type SandboxAccount } from './customer';
import { makeCounterpartyAccount } from './identifiers';
import type { Random } from './random';
import { cumulativeWeights } from './spending';
import { pad2, statementStyle } from './statement-style';

/** Ground truth of a transaction's membership in a recurring series. */
export interface RecurringTruth {
  /** Stable within the customer; a job change or a re-subscription starts a new series. */
  readonly seriesId: string;
  readonly period: Period;
  /**
   * What the series is due to charge or pay this time (after price changes, raises, seasonal energy
   * tariffs); the actual amount differs only for salaries with overtime. Null when the amount is
   * decided per payment (credit-card repayments).
   */
  readonly expectedAmount: Money | null;
}

/** Ground truth of one transaction, kept out of `SourceTransaction` (a connector never returns it). */
export interface TransactionTruth {
  readonly sourceId: string;
  readonly sourceAccountId: string;
  readonly category: SandboxCategory;
  readonly recurring: RecurringTruth | null;
}

export interface GeneratedTransaction {
  readonly transaction: SourceTransaction;
  readonly truth: TransactionTruth;
}

interface Posting {
  readonly account: number;
  /** Signed minor units: positive credits the account. */
  readonly amount: number;
  readonly minute: number;
  readonly category: SandboxCategory;
  readonly description: string;
  readonly sourceCode: string;
  readonly counterparty?: { readonly name: string; readonly account?: string };
  readonly merchant?: { readonly name: string; readonly mcc: string };
  readonly recurring?: {
    readonly seriesId: string;
    readonly period: Period;
    readonly expected: number | null;
  };
}

type Task = (day: number) => void;

/** How many times a yearly change in `changeMonth` has applied between `fromDay` and `day`. */
function changesSince(fromDay: number, day: number, changeMonth: number): number {
  const from = civilFromDay(fromDay);
  const to = civilFromDay(day);
  let count = 0;
  for (let year = from.year; year <= to.year; year++) {
    const changeDay = dayFromCivil(year, changeMonth, 1);
    if (changeDay > fromDay && changeDay <= day) count++;
  }
  return count;
}

function compound(amount: number, rate: number, times: number): number {
  let value = amount;
  for (let i = 0; i < times; i++) value *= 1 + rate;
  return value;
}

const upper = (text: string): string => text.toUpperCase();

export function* simulate(
  random: Random,
  plan: CustomerPlan,
  accounts: readonly SandboxAccount[],
  holderName: string,
): Generator<GeneratedTransaction> {
  const { startDay, endDay, activity, region } = plan.options;
  const profile = regionProfiles[region];
  const currency = profile.currency;
  const style = statementStyle(region);
  const codes = style.codes;
  const money = (minor: number): Money => ({ minor: String(minor), currency });
  const balances = accounts.map((account) => Number(account.openingBalance.minor));
  const openDays = accounts.map((account) =>
    Math.max(startDay, dayFromIso(account.openedOn ?? '1970-01-01')),
  );
  const isOpen = (index: number, day: number): boolean => index < accounts.length && openDays[index]! <= day;
  const agenda = new Map<number, Task[]>();
  const at = (day: number, task: Task): void => {
    if (day < startDay || day > endDay) return;
    const tasks = agenda.get(day);
    if (tasks) tasks.push(task);
    else agenda.set(day, [task]);
  };
  let postings: Posting[] = [];
  const post = (posting: Posting): void => {
    postings.push(posting);
  };
  const place = upper(plan.city);
  const cashPlaces = plan.locale.cities.map(upper);
  const savings = plan.savings;
  const card = plan.card;
  const cur = 0;
  let today = civilFromDay(startDay);
  let holiday: { start: number; end: number; city: string } | null = null;
  let overdraftInterest = 0;
  let feesThisMonth = 0;
  const reference = (): string => String(random.int(100000, 999999));

  // ---- Scheduled items, one month ahead so that weekend shifts never land in the past ----

  const scheduleIncome = (income: IncomePlan, year: number, month: number): void => {
    const days: number[] = [];
    if (income.frequency === 'monthly') {
      days.push(businessDayOnOrBefore(dayInMonth(year, month, income.payDay)));
    } else {
      const first = dayFromCivil(year, month, 1);
      const last = first + daysInMonth(year, month) - 1;
      const offset = (((first - income.payDay) % 14) + 14) % 14;
      for (let day = offset === 0 ? first : first + 14 - offset; day <= last; day += 14) days.push(day);
    }
    for (const due of days) {
      if (due < income.fromDay || due >= income.toDay) continue;
      at(due, (day) => {
        const perPayment = income.frequency === 'monthly' ? income.monthlyNet : (income.monthlyNet * 12) / 26;
        const expected = Math.round(
          compound(perPayment, income.raiseRate, changesSince(income.fromDay, day, income.raiseMonth)),
        );
        const amount =
          income.variation > 0
            ? Math.round(expected * (1 + (income.variation * random.normal()) / 3))
            : expected;
        const date = civilFromDay(day);
        const label =
          income.kind === 'pension'
            ? `PENSION ${pad2(date.month)}/${date.year}`
            : income.kind === 'allowance'
              ? 'ALLOWANCE'
              : region === 'US'
                ? 'PAYROLL'
                : `SALARY ${pad2(date.month)}/${date.year}`;
        post({
          account: cur,
          amount,
          minute: 60 + random.int(0, 60),
          category:
            income.kind === 'pension'
              ? 'income.pension'
              : income.kind === 'allowance'
                ? 'income.allowance'
                : 'income.salary',
          description: style.creditIn(upper(income.payer), label),
          sourceCode: codes.creditIn,
          counterparty: { name: income.payer, account: income.payerAccount },
          recurring: { seriesId: income.seriesId, period: income.frequency, expected },
        });
      });
    }
  };

  const scheduleMonth = (year: number, month: number): void => {
    for (const income of plan.incomes) scheduleIncome(income, year, month);

    const housing = plan.housing;
    if (housing) {
      const due = businessDayOnOrAfter(dayInMonth(year, month, housing.dayOfMonth));
      if (due >= housing.fromDay && due < housing.toDay) {
        at(due, (day) => {
          const amount =
            Math.round(
              compound(
                housing.amount,
                housing.changeRate,
                changesSince(housing.fromDay, day, housing.changeMonth),
              ) / 100,
            ) * 100;
          post({
            account: cur,
            amount: -amount,
            minute: 150,
            category: 'housing.rent',
            description: style.standingOrder(
              upper(housing.payee),
              `RENT ${upper(holderName.split(' ').pop() ?? '')}`,
            ),
            sourceCode: codes.standingOrder,
            counterparty: { name: housing.payee, account: housing.payeeAccount },
            recurring: { seriesId: housing.seriesId, period: 'monthly', expected: amount },
          });
        });
      }
    }

    for (const utility of plan.utilities) {
      if (utility.every === 3 && month % 3 !== utility.phase) continue;
      const due = businessDayOnOrAfter(dayInMonth(year, month, utility.dayOfMonth));
      if (due < utility.fromDay || due >= utility.toDay) continue;
      at(due, (day) => {
        let amount = compound(
          utility.amount,
          utility.changeRate,
          changesSince(startDay, day, utility.changeMonth),
        );
        if (utility.seasonal) amount *= energySeasonality[month - 1]!;
        const rounded = Math.round(amount);
        post({
          account: cur,
          amount: -rounded,
          minute: 200 + random.int(0, 60),
          category: utility.category,
          description: style.directDebit(
            upper(utility.payee),
            utility.seriesId
              .slice(-6)
              .replace(/[^0-9A-Za-z]/g, '0')
              .toUpperCase(),
          ),
          sourceCode: codes.directDebit,
          counterparty: { name: utility.payee, account: utility.payeeAccount },
          recurring: {
            seriesId: utility.seriesId,
            period: utility.every === 3 ? 'quarterly' : 'monthly',
            expected: rounded,
          },
        });
      });
    }

    for (const subscription of plan.subscriptions) {
      const start = civilFromDay(subscription.fromDay);
      if (subscription.yearly && start.month !== month) continue;
      const due = dayInMonth(year, month, subscription.dayOfMonth);
      if (due < subscription.fromDay || due >= subscription.toDay) continue;
      at(due, (day) => {
        const service = subscription.service;
        const monthsSince2020 = (year - 2020) * 12 + (month - 1);
        const raises =
          monthsSince2020 >= service.raisePhase
            ? Math.floor((monthsSince2020 - service.raisePhase) / service.raiseEveryMonths) + 1
            : 0;
        const monthly = compound(service.basePrice, service.raiseBy, raises);
        const price = shelfPrice(subscription.yearly ? monthly * 10 : monthly, profile);
        const onCard = subscription.onCard && card !== null && isOpen(card.accountIndex, day);
        post({
          account: onCard && card ? card.accountIndex : cur,
          amount: -price,
          minute: 300 + random.int(0, 120),
          category: service.category,
          description: style.card(
            `${upper(service.name).replace(/ /g, '')}.COM`,
            'ONLINE',
            civilFromDay(day),
          ),
          sourceCode: codes.card,
          merchant: { name: service.name, mcc: service.mcc },
          recurring: {
            seriesId: subscription.seriesId,
            period: subscription.yearly ? 'yearly' : 'monthly',
            expected: price,
          },
        });
      });
    }

    for (const loan of plan.loans) {
      const due = businessDayOnOrAfter(dayInMonth(year, month, loan.paymentDay));
      if (due <= loan.openDay + 14) continue;
      at(due, () => {
        const owed = -balances[loan.accountIndex]!;
        if (owed <= 0) return;
        const interest = Math.round(owed * loan.monthlyRate);
        const payment = Math.min(loan.payment, owed + interest);
        const mortgage = loan.kind === 'mortgage';
        const lender = mortgage ? lenders.mortgage : lenders.loan;
        post({
          account: loan.accountIndex,
          amount: -interest,
          minute: 100,
          category: 'fees.interest',
          description: mortgage ? 'MORTGAGE INTEREST' : 'LOAN INTEREST',
          sourceCode: codes.interest,
        });
        post({
          account: loan.accountIndex,
          amount: payment,
          minute: 120,
          category: 'transfers.own-account',
          description: mortgage ? 'MORTGAGE REPAYMENT RECEIVED' : 'LOAN REPAYMENT RECEIVED',
          sourceCode: mortgage ? codes.mortgageRepayment : codes.loanRepayment,
          recurring: { seriesId: `${loan.seriesId}:account`, period: 'monthly', expected: payment },
        });
        post({
          account: cur,
          amount: -payment,
          minute: 120,
          category: mortgage ? 'housing.mortgage' : 'debt.loan-repayment',
          description: style.directDebit(
            upper(lender),
            accounts[loan.accountIndex]!.sourceId.slice(-10).toUpperCase(),
          ),
          sourceCode: mortgage ? codes.mortgageRepayment : codes.loanRepayment,
          counterparty: { name: lender },
          // The schedule's last payment is the remainder, and the series expects exactly that.
          recurring: { seriesId: loan.seriesId, period: 'monthly', expected: payment },
        });
      });
    }

    if (savings && savings.monthly > 0) {
      const due = businessDayOnOrAfter(dayInMonth(year, month, savings.dayOfMonth));
      if (due > savings.openDay) {
        at(due, () => {
          post({
            account: cur,
            amount: -savings.monthly,
            minute: 140,
            category: 'transfers.savings',
            description: style.standingOrder('OWN SAVINGS', 'MONTHLY SAVING'),
            sourceCode: codes.standingOrder,
            recurring: { seriesId: savings.seriesId, period: 'monthly', expected: savings.monthly },
          });
          post({
            account: savings.accountIndex,
            amount: savings.monthly,
            minute: 140,
            category: 'transfers.savings',
            description: 'TRANSFER FROM CURRENT ACCOUNT',
            sourceCode: codes.bookIn,
            recurring: {
              seriesId: `${savings.seriesId}:account`,
              period: 'monthly',
              expected: savings.monthly,
            },
          });
        });
      }
    }

    if (card) {
      const due = businessDayOnOrAfter(dayInMonth(year, month, card.paymentDay));
      at(due, (day) => {
        if (!isOpen(card.accountIndex, day)) return;
        const owed = -balances[card.accountIndex]!;
        if (owed <= 0) return;
        const minimum = Math.min(
          owed,
          Math.max(Math.round(owed * 0.03), Math.round(2500 * profile.priceScale)),
        );
        const amount = card.paysInFull
          ? owed
          : Math.max(minimum, Math.round(owed * random.between(0.1, 0.5)));
        post({
          account: cur,
          amount: -amount,
          minute: 130,
          category: 'debt.card-repayment',
          description: style.directDebit(
            'SANDBOX BANK CARD',
            accounts[card.accountIndex]!.sourceId.slice(-8).toUpperCase(),
          ),
          sourceCode: codes.directDebit,
          recurring: { seriesId: card.seriesId, period: 'monthly', expected: null },
        });
        post({
          account: card.accountIndex,
          amount,
          minute: 130,
          category: 'transfers.own-account',
          description: 'PAYMENT RECEIVED - THANK YOU',
          sourceCode: codes.bookIn,
        });
      });
    }
  };

  // ---- Everyday spending ----

  // Cumulative merchant weights per (month, on holiday), computed once each.
  const weightTables = new Map<number, Float64Array>();
  const pickMerchant = (month: number, onHoliday: boolean): Merchant => {
    const key = month * 2 + (onHoliday ? 1 : 0);
    let table = weightTables.get(key);
    if (!table) {
      table = cumulativeWeights(plan.spending.weights, discretionaryMerchants, month, onHoliday);
      weightTables.set(key, table);
    }
    const target = random.float() * table[table.length - 1]!;
    let i = 0;
    while (i < table.length - 1 && table[i]! <= target) i++;
    return discretionaryMerchants[i]!;
  };

  const cardPayment = (
    merchant: Merchant,
    amount: number,
    day: number,
    date: CivilDate,
    city: string,
  ): void => {
    const useCard =
      card !== null &&
      isOpen(card.accountIndex, day) &&
      -balances[card.accountIndex]! + amount <= card.limit &&
      random.chance(card.share);
    const account = useCard && card ? card.accountIndex : cur;
    const name = merchant.online
      ? `${upper(merchant.name).replace(/[^A-Z0-9]+/g, '')}*${reference()}`
      : upper(merchant.name);
    const description = style.card(name, merchant.online ? 'ONLINE' : city, date);
    post({
      account,
      amount: -amount,
      minute: 420 + random.int(0, 900),
      category: merchant.category,
      description,
      sourceCode: codes.card,
      merchant: { name: merchant.name, mcc: merchant.mcc },
    });
    if (merchant.category.startsWith('shopping.') && random.chance(0.04)) {
      at(day + random.int(3, 20), (refundDay) => {
        post({
          account,
          amount,
          minute: 400,
          category: 'income.refund',
          description: style.refund(name, civilFromDay(refundDay)),
          sourceCode: codes.refund,
          merchant: { name: merchant.name, mcc: merchant.mcc },
        });
      });
    }
  };

  const transferBetween = (
    from: number,
    to: number,
    amount: number,
    minute: number,
    category: SandboxCategory,
    fromText: string,
    toText: string,
  ): void => {
    post({
      account: from,
      amount: -amount,
      minute,
      category,
      description: fromText,
      sourceCode: codes.bookOut,
    });
    post({ account: to, amount, minute, category, description: toText, sourceCode: codes.bookIn });
  };

  const everyday = (day: number, date: CivilDate): void => {
    const onHoliday = holiday !== null && day >= holiday.start && day < holiday.end;
    const city = onHoliday && holiday ? holiday.city : place;
    const weekend = isWeekend(day);
    const spending = plan.spending;
    const balance = balances[cur]!;
    const income = plan.monthlyIncome;
    const limit = plan.current.overdraftLimit;
    // Customers spend less when money is short (the prone ones only near their limit) and more when
    // it piles up: this pulls each balance back towards its owner's comfort level over the years.
    const restraint =
      balance > plan.comfortBalance + 2 * income
        ? 1.3
        : plan.overdraftProne
          ? balance < -limit
            ? 0.3
            : balance < -limit / 2
              ? 0.7
              : 1
          : balance < 0
            ? 0.25
            : balance < plan.comfortBalance * 0.3
              ? 0.55
              : 1;

    if (random.chance((spending.groceriesPerWeek / 7) * (weekend ? 1.4 : 0.85) * (onHoliday ? 0.3 : 1))) {
      const merchant = random.pick(groceryMerchants);
      const amount = Math.max(
        50,
        Math.round(merchant.median * spending.groceryScale * random.skewed(merchant.spread)),
      );
      cardPayment(merchant, amount, day, date, city);
    }

    const rate =
      (spending.discretionaryPerWeek / 7) *
      activity *
      spendingSeasonality[date.month - 1]! *
      (onHoliday ? 1.8 : 1) *
      (weekend ? 1.3 : 0.9) *
      restraint;
    let count = Math.floor(rate);
    if (random.chance(rate - count)) count++;
    for (let i = 0; i < count; i++) {
      const chosen = pickMerchant(date.month, onHoliday);
      const amount = Math.max(
        50,
        Math.round(
          (chosen.median * profile.priceScale * spending.amountScale * random.skewed(chosen.spread)) /
            activity,
        ),
      );
      cardPayment(chosen, amount, day, date, city);
    }

    if (random.chance((spending.atmPerMonth / 30) * restraint)) {
      const amount = random.pick(profile.cashSteps);
      post({
        account: cur,
        amount: -amount,
        minute: 480 + random.int(0, 780),
        category: 'cash.withdrawal',
        description: style.cash(onHoliday && holiday ? holiday.city : random.pick(cashPlaces), date),
        sourceCode: codes.cash,
        merchant: { name: 'ATM', mcc: '6011' },
      });
    }
    if (random.chance((spending.friendsOutPerMonth / 30) * restraint)) {
      const friend = random.pick(plan.friends);
      const amount = Math.round(random.between(10, 80) * profile.priceScale * plan.spending.wealth) * 100;
      post({
        account: cur,
        amount: -amount,
        minute: 540 + random.int(0, 840),
        category: 'transfers.friends-out',
        description: style.transferOut(
          upper(friend.name),
          random.pick(['DINNER', 'TICKETS', 'GIFT', 'THANKS', 'RENT SHARE', 'TRIP']),
        ),
        sourceCode: codes.transferOut,
        counterparty: friend,
      });
    }
    if (random.chance(spending.friendsInPerMonth / 30)) {
      const friend = random.pick(plan.friends);
      const amount = Math.round(random.between(10, 60) * profile.priceScale) * 100;
      post({
        account: cur,
        amount,
        minute: 540 + random.int(0, 840),
        category: 'transfers.friends-in',
        description: style.creditIn(
          upper(friend.name),
          random.pick(['DINNER', 'MY SHARE', 'THANKS', 'PETROL']),
        ),
        sourceCode: codes.creditIn,
        counterparty: friend,
      });
    }
    const freelance = plan.freelance;
    if (freelance && !weekend && random.chance(freelance.perMonth / 21.7)) {
      const client = random.pick(freelance.client);
      const amount = Math.max(10000, Math.round((freelance.meanInvoice * random.skewed(0.4)) / 100) * 100);
      post({
        account: cur,
        amount,
        minute: 90 + random.int(0, 400),
        category: 'income.freelance',
        description: style.creditIn(upper(client), `INVOICE ${date.year}-${random.int(100, 999)}`),
        sourceCode: codes.creditIn,
        counterparty: { name: client },
      });
    }
    if (random.chance(spending.largePerYear / 365)) {
      const merchant = random.pick(largePurchaseMerchants);
      const amount = Math.round(
        merchant.median * profile.priceScale * plan.spending.wealth * random.skewed(merchant.spread),
      );
      const fromSavings =
        savings !== null &&
        isOpen(savings.accountIndex, day) &&
        !plan.overdraftProne &&
        balances[savings.accountIndex]! > amount;
      // Prudent customers buy big only with the money for it; the prone buy anyway.
      const affordable = fromSavings || plan.overdraftProne || balance - amount > plan.comfortBalance * 0.5;
      if (fromSavings && savings) {
        const moved = Math.ceil(amount / 10000) * 10000;
        transferBetween(
          savings.accountIndex,
          cur,
          moved,
          400,
          'transfers.savings',
          'TRANSFER TO CURRENT ACCOUNT',
          style.creditIn('OWN SAVINGS', 'TRANSFER'),
        );
      }
      if (affordable) cardPayment(merchant, amount, day, date, city);
    }
  };

  const planHoliday = (year: number): void => {
    holiday = null;
    if (!random.chance(plan.spending.holidayChance)) return;
    const summer = random.chance(0.7);
    const month = summer ? random.int(7, 8) : random.pick([3, 4, 5, 6, 9, 10]);
    const start = dayFromCivil(year, month, random.int(1, 24));
    const nights = random.int(6, 14);
    const otherCities = Object.values(regionProfiles).flatMap((other) =>
      other.locales.map(([locale]) => locale.cities[0]!),
    );
    holiday = {
      start,
      end: start + nights,
      city: upper(random.pick(otherCities.filter((city) => city !== plan.city))),
    };
    const household = plan.archetype === 'family' ? 3 : plan.archetype === 'student' ? 1 : 2;
    const flight = random.pick(travelMerchants.flights);
    const bookDay = Math.max(start - random.int(20, 100), dayFromCivil(year, 1, 2));
    const flightAmount = Math.round(
      flight.median *
        profile.priceScale *
        plan.spending.wealth *
        (1 + 0.8 * (household - 1)) *
        random.skewed(flight.spread),
    );
    at(bookDay, (day) => cardPayment(flight, flightAmount, day, civilFromDay(day), place));
    const lodging = random.pick(travelMerchants.lodging);
    const lodgingAmount = Math.round(
      ((lodging.median * profile.priceScale * plan.spending.wealth * nights) / 7) *
        random.skewed(lodging.spread),
    );
    const city = holiday.city;
    at(start + nights - 1, (day) => cardPayment(lodging, lodgingAmount, day, civilFromDay(day), city));
  };

  // ---- Product take-up during the period ----

  for (const loan of plan.loans) {
    if (loan.openDay < startDay) continue;
    at(loan.openDay, () => {
      const mortgage = loan.kind === 'mortgage';
      post({
        account: loan.accountIndex,
        amount: -loan.principal,
        minute: 30,
        category: 'debt.advance',
        description: mortgage ? 'MORTGAGE ADVANCE' : 'LOAN ADVANCE',
        sourceCode: mortgage ? codes.mortgageDrawdown : codes.loanDrawdown,
      });
      if (!mortgage) {
        post({
          account: cur,
          amount: loan.principal,
          minute: 30,
          category: 'transfers.own-account',
          description: style.creditIn(upper(lenders.loan), 'LOAN DRAWDOWN'),
          sourceCode: codes.loanDrawdown,
          counterparty: { name: lenders.loan },
        });
      }
    });
  }
  const move = plan.moveToMortgage;
  if (move && savings) {
    at(move.day, () => {
      const available = Math.max(0, balances[savings.accountIndex]!);
      const deposit = Math.min(move.deposit, Math.floor(available / 100000) * 100000);
      if (deposit <= 0) return;
      transferBetween(
        savings.accountIndex,
        cur,
        deposit,
        35,
        'transfers.savings',
        'TRANSFER TO CURRENT ACCOUNT',
        style.creditIn('OWN SAVINGS', 'HOUSE DEPOSIT'),
      );
      post({
        account: cur,
        amount: -deposit,
        minute: 40,
        category: 'housing.deposit',
        description: style.transferOut(upper(move.conveyancer), 'COMPLETION FUNDS'),
        sourceCode: codes.transferOut,
        counterparty: {
          name: move.conveyancer,
          account: makeCounterpartyAccount(plan.locale.country, random),
        },
      });
    });
  }
  const car = plan.carPurchase;
  if (car) {
    at(car.day, (day) => {
      const loanAmount = plan.loans.find((loan) => loan.purpose === 'car')?.principal ?? 0;
      // The part the loan does not cover comes from savings, as far as they go.
      const extra =
        savings && isOpen(savings.accountIndex, day)
          ? Math.min(car.amount - loanAmount, Math.max(0, balances[savings.accountIndex]!))
          : 0;
      if (extra > 0 && savings) {
        transferBetween(
          savings.accountIndex,
          cur,
          extra,
          35,
          'transfers.savings',
          'TRANSFER TO CURRENT ACCOUNT',
          style.creditIn('OWN SAVINGS', 'CAR'),
        );
      }
      post({
        account: cur,
        amount: -(loanAmount + extra),
        minute: 600,
        category: 'transport.vehicle',
        description: style.transferOut(upper(carDealer.name), `INVOICE ${reference()}`),
        sourceCode: codes.transferOut,
        counterparty: { name: carDealer.name, account: makeCounterpartyAccount(plan.locale.country, random) },
      });
    });
  }

  // ---- End of day and end of month: savings rescue, fees, interest, sweeps ----

  const endOfDay = (day: number, date: CivilDate): void => {
    const balance = balances[cur]!;
    const limit = plan.current.overdraftLimit;
    const savingsOpen = savings !== null && isOpen(savings.accountIndex, day);
    if (
      balance < 0 &&
      !plan.overdraftProne &&
      savings &&
      savingsOpen &&
      balances[savings.accountIndex]! > 0
    ) {
      const amount = Math.min(
        balances[savings.accountIndex]!,
        Math.ceil((-balance + Math.max(0, plan.comfortBalance) / 2) / 10000) * 10000,
      );
      transferBetween(
        savings.accountIndex,
        cur,
        amount,
        1380,
        'transfers.savings',
        'TRANSFER TO CURRENT ACCOUNT',
        style.creditIn('OWN SAVINGS', 'TOP UP'),
      );
    } else if (balance < -limit && feesThisMonth < 3) {
      feesThisMonth++;
      post({
        account: cur,
        amount: -profile.overdraftFee,
        minute: 1400,
        category: 'fees.overdraft',
        description: limit > 0 ? 'UNARRANGED OVERDRAFT FEE' : 'OVERDRAFT FEE',
        sourceCode: codes.charge,
      });
    }
    const lastOfMonth = date.day === daysInMonth(date.year, date.month);
    if (!lastOfMonth) return;
    if (overdraftInterest >= 1) {
      post({
        account: cur,
        amount: -Math.round(overdraftInterest),
        minute: 1410,
        category: 'fees.interest',
        description: 'OVERDRAFT INTEREST',
        sourceCode: codes.interest,
      });
    }
    overdraftInterest = 0;
    feesThisMonth = 0;
    if (savings && savingsOpen) {
      const interest = Math.round((Math.max(0, balances[savings.accountIndex]!) * savings.rate) / 12);
      if (interest > 0)
        post({
          account: savings.accountIndex,
          amount: interest,
          minute: 1420,
          category: 'income.interest',
          description: 'INTEREST PAID',
          sourceCode: codes.interest,
        });
      const surplus = balance - plan.comfortBalance - 1.5 * plan.monthlyIncome;
      if (!plan.overdraftProne && surplus > 0) {
        const amount = Math.floor(surplus / 10000) * 10000;
        if (amount > 0)
          transferBetween(
            cur,
            savings.accountIndex,
            amount,
            1430,
            'transfers.savings',
            style.transferOut('OWN SAVINGS', 'SWEEP'),
            'TRANSFER FROM CURRENT ACCOUNT',
          );
      }
    }
    if (card && isOpen(card.accountIndex, day) && !card.paysInFull) {
      const owed = -balances[card.accountIndex]!;
      if (owed > 0)
        post({
          account: card.accountIndex,
          amount: -Math.round(owed * card.monthlyRate),
          minute: 1420,
          category: 'fees.interest',
          description: 'CARD INTEREST',
          sourceCode: codes.interest,
        });
    }
  };

  // ---- The walk ----

  const counters: number[] = [];
  /** Books the postings made so far today, in time order, into `out` (plain arrays: this is the hot path). */
  const flush = (day: number, date: CivilDate, out: GeneratedTransaction[]): void => {
    if (postings.length === 0) return;
    const batch = postings;
    postings = [];
    // By minute; Array.prototype.sort is stable, so same-minute postings keep the order they were made in.
    if (batch.length > 1) batch.sort((a, b) => a.minute - b.minute);
    const dateText = `${date.year}${pad2(date.month)}${pad2(date.day)}`;
    const isoDate = `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
    for (const posting of batch) {
      if (!isOpen(posting.account, day) || posting.amount === 0) continue;
      const account = accounts[posting.account]!;
      const balance = (balances[posting.account]! += posting.amount);
      const n = (counters[posting.account] ?? 0) + 1;
      counters[posting.account] = n;
      const sourceId = `${account.sourceId}-${dateText}-${n}`;
      // Optional fields are absent rather than undefined, so JSON and `in` agree.
      const transaction: { -readonly [K in keyof SourceTransaction]: SourceTransaction[K] } = {
        sourceId,
        sourceAccountId: account.sourceId,
        amount: money(posting.amount > 0 ? posting.amount : -posting.amount),
        direction: posting.amount > 0 ? 'credit' : 'debit',
        status: 'booked',
        bookingDate: isoDate,
        valueDate: isoDate,
      };
      if (posting.counterparty) transaction.counterparty = posting.counterparty;
      if (posting.merchant) transaction.merchant = posting.merchant;
      transaction.description = posting.description;
      transaction.sourceCode = posting.sourceCode;
      transaction.balanceAfter = money(balance);
      const recurring = posting.recurring;
      out.push({
        transaction,
        truth: {
          sourceId,
          sourceAccountId: account.sourceId,
          category: posting.category,
          recurring: recurring
            ? {
                seriesId: recurring.seriesId,
                period: recurring.period,
                expectedAmount: recurring.expected === null ? null : money(recurring.expected),
              }
            : null,
        },
      });
    }
  };

  const first = civilFromDay(startDay);
  scheduleMonth(first.year, first.month);
  scheduleMonth(first.month === 12 ? first.year + 1 : first.year, first.month === 12 ? 1 : first.month + 1);
  planHoliday(first.year);
  for (let day = startDay; day <= endDay; day++) {
    today = civilFromDay(day);
    if (today.day === 1 && day !== startDay) {
      const next =
        today.month === 12
          ? { year: today.year + 1, month: 1 }
          : { year: today.year, month: today.month + 1 };
      scheduleMonth(next.year, next.month);
      if (today.month === 1) planHoliday(today.year);
    }
    counters.length = 0;
    const tasks = agenda.get(day);
    if (tasks) {
      agenda.delete(day);
      for (const task of tasks) task(day);
    }
    everyday(day, today);
    const booked: GeneratedTransaction[] = [];
    flush(day, today, booked);
    endOfDay(day, today);
    flush(day, today, booked);
    for (const item of booked) yield item;
    const balance = balances[cur]!;
    if (balance < 0) overdraftInterest += (-balance * plan.current.overdraftRate) / 365;
  }
}
