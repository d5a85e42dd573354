/**
 * The PKDD'99 Discovery Challenge financial data (a real Czech bank, 1993–1998; prepared by Petr Berka
 * and Marta Sochorova for the PKDD'99 Discovery Challenge) through the ordinary CSV path: `trans.asc`
 * is a multi-account CSV file and this is its mapping.
 */
import type { CsvMapping } from '../csv/mapping';

/**
 * `trans.asc`: `;`-separated, quoted, header row, YYMMDD dates, CZK with two decimals, unsigned amounts
 * with `type` giving the direction (PRIJEM = credit; VYDAJ and VYBER = debit). `trans_id` is the id,
 * `account_id` the account, `balance` the balance after, `k_symbol` the payment type, `operation` the
 * description, and the counterparty account is written the Czech way, `account/bank`.
 */
export const pkdd99TransactionsMapping: CsvMapping = {
  delimiter: ';',
  quote: '"',
  header: true,
  encoding: 'latin1',
  dateFormats: ['YYMMDD'],
  twoDigitYearPivot: 50,
  decimalSeparator: '.',
  bookingDate: 'date',
  amount: {
    kind: 'direction',
    column: 'amount',
    directionColumn: 'type',
    credit: ['PRIJEM'],
    debit: ['VYDAJ', 'VYBER'],
  },
  currency: { fixed: 'CZK' },
  account: { column: 'account_id' },
  accountType: 'current',
  accountScheme: 'Other',
  id: 'trans_id',
  balanceAfter: 'balance',
  code: 'k_symbol',
  description: 'operation',
  counterpartyAccount: { join: ['account', 'bank'], separator: '/' },
};
