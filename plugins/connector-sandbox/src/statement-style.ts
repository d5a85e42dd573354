/**
 * Statement wording and ISO 20022 bank transaction codes per region, modelled on how banks there
 * print each kind of entry (`CARD 12.03 …` in the euro area, `… ON 12 MAR` in the UK, `POS DEBIT
 * 03/12 …` in the US).
 */
import type { CivilDate } from './calendar';
import type { SandboxRegion } from './catalogue';

const monthNames = [
  'JAN',
  'FEB',
  'MAR',
  'APR',
  'MAY',
  'JUN',
  'JUL',
  'AUG',
  'SEP',
  'OCT',
  'NOV',
  'DEC',
] as const;
export const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));

export function statementStyle(region: SandboxRegion) {
  const eu = region === 'EU';
  const us = region === 'US';
  const shortDate = (date: CivilDate): string =>
    eu
      ? `${pad2(date.day)}.${pad2(date.month)}`
      : us
        ? `${pad2(date.month)}/${pad2(date.day)}`
        : `${pad2(date.day)} ${monthNames[date.month - 1]}`;
  return {
    card: (name: string, place: string, date: CivilDate): string =>
      eu
        ? `CARD ${shortDate(date)} ${name} ${place}`
        : us
          ? `POS DEBIT ${shortDate(date)} ${name} ${place}`
          : `${name} ${place} ON ${shortDate(date)}`,
    cash: (place: string, date: CivilDate): string =>
      eu
        ? `CASH WITHDRAWAL ${shortDate(date)} ATM ${place}`
        : us
          ? `ATM WITHDRAWAL ${shortDate(date)} ${place}`
          : `CASH SANDBOX BANK ${place} ${shortDate(date)}`,
    refund: (name: string, date: CivilDate): string => `REFUND ${name} ${shortDate(date)}`,
    directDebit: (payee: string, reference: string): string =>
      eu
        ? `SEPA DIRECT DEBIT ${payee} MANDATE ${reference}`
        : us
          ? `ACH DEBIT ${payee} ${reference}`
          : `DIRECT DEBIT ${payee} ${reference}`,
    creditIn: (payer: string, reference: string): string =>
      eu
        ? `SEPA CREDIT TRANSFER ${payer} ${reference}`
        : us
          ? `ACH CREDIT ${payer} ${reference}`
          : `FASTER PAYMENT RECEIVED ${payer} ${reference}`,
    transferOut: (payee: string, reference: string): string =>
      eu
        ? `SEPA TRANSFER TO ${payee} ${reference}`
        : us
          ? `ONLINE TRANSFER TO ${payee} ${reference}`
          : `FASTER PAYMENT TO ${payee} ${reference}`,
    standingOrder: (payee: string, reference: string): string =>
      us ? `RECURRING TRANSFER TO ${payee} ${reference}` : `STANDING ORDER ${payee} ${reference}`,
    codes: {
      card: 'PMNT-CCRD-POSD',
      cash: 'PMNT-CCRD-CWDL',
      refund: 'PMNT-CCRD-RIMB',
      directDebit: eu ? 'PMNT-IDDT-ESDD' : 'PMNT-IDDT-PMDD',
      creditIn: eu ? 'PMNT-RCDT-ESCT' : 'PMNT-RCDT-DMCT',
      transferOut: eu ? 'PMNT-ICDT-ESCT' : 'PMNT-ICDT-DMCT',
      standingOrder: 'PMNT-ICDT-STDO',
      bookIn: 'PMNT-RCDT-BOOK',
      bookOut: 'PMNT-ICDT-BOOK',
      interest: 'ACMT-MDOP-INTR',
      charge: 'ACMT-MDOP-CHRG',
      loanDrawdown: 'LDAS-CSLN-DDWN',
      loanRepayment: 'LDAS-CSLN-RPMT',
      mortgageDrawdown: 'LDAS-MGLN-DDWN',
      mortgageRepayment: 'LDAS-MGLN-RPMT',
    },
  };
}
