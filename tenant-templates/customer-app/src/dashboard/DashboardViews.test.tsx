import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { type Language, setFormatLocale } from '../i18n/i18n.ts';
import type { Recommendation, RecurringPayment } from './dashboard-api.ts';
import { RecommendationCard } from './ForYouPage.tsx';
import { ForecastChart, RecurringList } from './SpendingPage.tsx';

const eur = (minor: string) => ({ minor, currency: 'EUR' });
const noop = async () => undefined;
/** Markup as the server renders it; in `language` when one is given (else English, figures as before). */
const render = (element: React.ReactElement, language?: Language) =>
  renderToStaticMarkup(language ? <I18nProvider language={language}>{element}</I18nProvider> : element);
/** A recommendation card's markup, with no-op actions. */
const card = (recommendation: Recommendation, language?: Language) =>
  render(
    <RecommendationCard
      recommendation={recommendation}
      onOpen={() => undefined}
      onAccept={noop}
      onRate={noop}
      onDismiss={noop}
      onContest={noop}
      onRequestReview={noop}
    />,
    language,
  );
const payment: RecurringPayment = {
  key: 'k1',
  accountId: 'a1',
  direction: 'DEBIT',
  party: 'Landlord Ltd',
  category: 'housing',
  cadence: 'MONTHLY',
  typicalAmount: eur('100000'),
  nextExpectedDate: '2026-12-25',
  nextExpectedAmount: eur('105000'),
  priceChange: {
    previous: eur('100000'),
    last: eur('105000'),
    change: eur('5000'),
    changeRatio: 0.05,
    since: '2026-11-25',
  },
  active: true,
};

describe('dashboard views (markup rendered with react-dom/server)', () => {
  const recommendation: Recommendation = {
    id: 'r1',
    productId: 'EU-CC-CLASSIC',
    productType: 'CREDIT_CARD',
    product: {
      name: 'Classic Credit Card',
      summary: 'A card.',
      disclosures: [{ kind: 'key-facts', title: 'Key facts', url: 'https://bank.example/key-facts.pdf' }],
    },
    rank: 1,
    reason: 'Your salary arrives every month.',
    attributions: [{ feature: 'income.monthly', value: 3000, contribution: 0.3 }],
    disclosures: [
      {
        ruleId: 'eu.ccd',
        document: 'Standard European Consumer Credit Information',
        when: 'before-contract',
      },
    ],
    status: 'ACTIVE',
    // What the API offers on an active recommendation.
    actions: ['OPEN', 'ACCEPT', 'DISMISS', 'RATE', 'CONTEST', 'REQUEST_HUMAN_REVIEW'],
  };

  it('shows a recommendation with its reason, what it is based on, the disclosures and only the actions the API offers', () => {
    const html = card(recommendation);
    expect(html).toContain('Why you see this: </strong>Your salary arrives every month.');
    expect(html).toContain('Your monthly income (made it more likely)');
    expect(html).toContain('Standard European Consumer Credit Information (before the contract)');
    expect(html).toContain('>Not for me<');
    expect(html).toContain('>Contest<');
    expect(html).toContain('>Ask a person to review<');
    expect(html).toContain('>I’m interested<');
    expect(html).toContain('aria-label="Rate Classic Credit Card from 1 to 5"');
    // Not accepted yet: no "next step" documents.
    expect(html).not.toContain('Key facts');
    const accepted = card({ ...recommendation, status: 'ACCEPTED', actions: ['RATE'] });
    expect(accepted).toContain('The bank will contact you about the next step.');
    expect(accepted).toContain('href="https://bank.example/key-facts.pdf"');
    expect(accepted).not.toContain('I’m interested');
    expect(accepted).not.toContain('Not for me');
    const withoutReview = card({ ...recommendation, actions: ['OPEN'] });
    expect(withoutReview).not.toContain('Not for me');
    expect(withoutReview).not.toContain('Ask a person to review');
    expect(withoutReview).not.toContain('I’m interested');
    expect(withoutReview).not.toContain('Rate Classic');
  });

  it('lists active recurring payments with their next date and flags a price change; inactive ones are left out', () => {
    const html = renderToStaticMarkup(
      <RecurringList
        payments={[payment, { ...payment, key: 'k2', party: 'Old gym', active: false }]}
        labels={new Map([['housing', 'Housing']])}
      />,
    );
    expect(html).toContain('Landlord Ltd');
    expect(html).toContain('Monthly · Housing');
    expect(html).toContain('data-testid="price-change"');
    expect(html).not.toContain('Old gym');
    expect(renderToStaticMarkup(<RecurringList payments={[]} labels={new Map()} />)).toContain(
      'recurring-empty',
    );
  });

  describe('in Slovenian', () => {
    afterEach(() => setFormatLocale(undefined));

    it("speaks Slovenian on a recommendation card; the API's reason stays as the API wrote it", () => {
      const html = card(recommendation, 'sl');
      expect(html).toContain('Zakaj vidite ta predlog: </strong>Your salary arrives every month.');
      expect(html).toContain('Vaš mesečni dohodek (povečalo verjetnost)');
      expect(html).toContain(
        'Prejeli boste: Standard European Consumer Credit Information (pred sklenitvijo pogodbe).',
      );
      expect(html).toContain('>Ni zame<');
      expect(html).toContain('>Zanima me<');
      expect(html).toContain('aria-label="Ocenite Classic Credit Card od 1 do 5"');
      expect(html).not.toContain('Not for me');
    });

    it('lists a recurring payment with Slovenian words and sl figures', () => {
      const html = render(
        <RecurringList
          payments={[{ ...payment, nextExpectedAmount: eur('1234567') }]}
          labels={new Map([['housing', 'Stanovanje']])}
        />,
        'sl',
      );
      expect(html).toContain('Mesečno · Stanovanje');
      expect(html).toContain('Naslednje pričakovano');
      expect(html).toMatch(/12\.345,67\s€/);
      expect(html).toMatch(
        /Cena se je spremenila: višja za 5\s%\s\(1000,00\s€ → 1050,00\s€\) od 25\. nov\. 2026/,
      );
    });
  });

  it('gives the forecast chart a text alternative naming the range', () => {
    const html = renderToStaticMarkup(
      <ForecastChart
        testId="f"
        label="Expected balance"
        forecast={{
          asOf: '2026-11-26T00:00:00Z',
          startingBalance: eur('100000'),
          days: [
            {
              date: '2026-11-27',
              low: eur('90000'),
              expected: eur('95000'),
              high: eur('99000'),
              recurring: eur('0'),
            },
            {
              date: '2026-11-28',
              low: eur('80000'),
              expected: eur('90000'),
              high: eur('98000'),
              recurring: eur('0'),
            },
          ],
          lowest: null,
        }}
      />,
    );
    expect(html).toContain('role="img"');
    expect(html).toMatch(/aria-label="Expected balance: [^"]*950[^"]*900[^"]*between [^"]*800[^"]*980/);
  });
});
