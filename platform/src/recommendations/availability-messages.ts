import { type Localized, localized } from '../request-context';

/** Why the customer sees these recommendations or none: one sentence per case, in every request locale. */
export interface AvailabilityMessages {
  delivered: string;
  noneOpen: string;
  noPersonalisationConsent: string;
  noMarketingConsent: string;
  marketingPaused: string;
  noModel: string;
  noFeatures: string;
  nothingSuitable: string;
}

export const availabilityMessages: Localized<AvailabilityMessages> = {
  en: {
    delivered:
      'Recommended for you this month, each with the reason why. Not for you? Say so, and we will not suggest it again.',
    noneOpen: 'You have no open recommendations this month; new ones may come next month.',
    noPersonalisationConsent:
      'Recommendations are personal: give your personalisation consent in the privacy centre to see them.',
    noMarketingConsent:
      'Product recommendations are marketing: give your marketing consent in the privacy centre to see them.',
    marketingPaused:
      'Product recommendations are paused for you right now; they come back when your bank may show them again.',
    noModel:
      'Your bank has no recommendation model in service yet, so there are no recommendations for you now.',
    noFeatures:
      'We have not analysed your accounts yet: connect an account, and recommendations follow after its next sync.',
    nothingSuitable: 'None of your bank’s products suits you better than what you have right now.',
  },
  sl: {
    delivered:
      'Priporočeno za vas ta mesec, vsako z razlogom. Ni za vas? Povejte nam, pa vam tega ne bomo več predlagali.',
    noneOpen: 'Ta mesec nimate odprtih priporočil; nova morda pridejo naslednji mesec.',
    noPersonalisationConsent:
      'Priporočila so osebna: za ogled dajte privolitev za prilagajanje v središču za zasebnost.',
    noMarketingConsent:
      'Priporočila produktov so trženje: za ogled dajte privolitev za trženje v središču za zasebnost.',
    marketingPaused:
      'Priporočila produktov so za vas trenutno ustavljena; vrnejo se, ko vam jih banka spet sme prikazati.',
    noModel: 'Vaša banka še nima delujočega modela za priporočila, zato zdaj za vas ni priporočil.',
    noFeatures:
      'Vaših računov še nismo analizirali: povežite račun in priporočila bodo sledila po naslednji sinhronizaciji.',
    nothingSuitable: 'Noben produkt vaše banke vam ne ustreza bolje od tega, kar že imate.',
  },
};

/** The sentences of the current request's locale. */
export function availabilityMessage(key: keyof AvailabilityMessages): string {
  return localized(availabilityMessages)[key];
}
