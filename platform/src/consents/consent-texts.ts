import { createHash } from 'node:crypto';
import type { ConsentPurpose } from './consent.entity';

/**
 * What a customer is shown before consenting, as versioned data: per purpose and locale, every version
 * ever shown (old ones stay, so a consent's `textVersion` can always be looked up and its `textHash`
 * re-checked). Only the **current** version (the last in each list) can be granted; a new wording is a new
 * version appended here, never an edit of a shown one (its hash would no longer match the consents given
 * under it — `consent-texts.test.ts` pins the hashes of shown versions).
 */
export const consentLocales = ['en', 'sl'] as const;
export type ConsentLocale = (typeof consentLocales)[number];

export interface ConsentTextVersion {
  readonly version: string;
  readonly title: string;
  readonly text: string;
}

export const consentTextCatalogue: Readonly<
  Record<ConsentPurpose, Readonly<Record<ConsentLocale, readonly ConsentTextVersion[]>>>
> = {
  aggregation: {
    en: [
      {
        version: '2026-01',
        title: 'Connect your accounts',
        text: 'I allow the bank to read my account list, balances and transactions from the banks I connect, to show them to me in one place.',
      },
      {
        version: '2026-11',
        title: 'Connect your accounts',
        text: 'I allow the bank to read my account list, balances and transactions from the banks I connect, to show them to me in one place and to keep them up to date up to four times a day while I am away. Where the law requires it I will be asked to confirm this again (in the EU with my one-time code every 180 days, in the UK every 90 days); if I do not, reading stops. I can withdraw this consent at any time in Privacy & consents; reading stops at once.',
      },
    ],
    sl: [
      {
        version: '2026-11',
        title: 'Povežite svoje račune',
        text: 'Banki dovoljujem, da iz bank, ki jih povežem, bere seznam mojih računov, stanja in transakcije, da mi jih prikaže na enem mestu in jih do štirikrat na dan osveži, ko me ni. Kjer to zahteva zakon, bom to moral znova potrditi (v EU z enkratno kodo vsakih 180 dni); če tega ne storim, se branje ustavi. Privolitev lahko kadar koli prekličem v razdelku Zasebnost in privolitve; branje se takoj ustavi.',
      },
    ],
  },
  personalisation: {
    en: [
      {
        version: '2026-11',
        title: 'Personal insights',
        text: 'I allow the bank to analyse my connected accounts and transactions to give me personal insights and product suggestions, each with the reason it was shown. I can withdraw this consent at any time; analysis stops at once.',
      },
    ],
    sl: [
      {
        version: '2026-11',
        title: 'Osebni vpogledi',
        text: 'Banki dovoljujem, da analizira moje povezane račune in transakcije, da mi da osebne vpoglede in predloge izdelkov, vsakega z razlogom, zakaj je prikazan. Privolitev lahko kadar koli prekličem; analiza se takoj ustavi.',
      },
    ],
  },
  marketing: {
    en: [
      {
        version: '2026-11',
        title: 'Offers',
        text: 'I allow the bank to send me offers for its products in the app when they fit my situation. I can withdraw this consent at any time; offers stop at once.',
      },
    ],
    sl: [
      {
        version: '2026-11',
        title: 'Ponudbe',
        text: 'Banki dovoljujem, da mi v aplikaciji pošilja ponudbe svojih izdelkov, kadar ustrezajo mojemu položaju. Privolitev lahko kadar koli prekličem; ponudbe se takoj ustavijo.',
      },
    ],
  },
  analytics: {
    en: [
      {
        version: '2026-11',
        title: 'Product improvement',
        text: 'I allow the bank to use my data, without my name or contact details, to measure and improve its services. I can withdraw this consent at any time; my data is no longer used from then on.',
      },
    ],
    sl: [
      {
        version: '2026-11',
        title: 'Izboljšanje storitev',
        text: 'Banki dovoljujem, da moje podatke, brez imena in kontaktnih podatkov, uporablja za merjenje in izboljšanje svojih storitev. Privolitev lahko kadar koli prekličem; od takrat se moji podatki ne uporabljajo več.',
      },
    ],
  },
};

/** A text as shown: the version, its exact wording and the SHA-256 (lower-case hex) of that wording's UTF-8. */
export interface ShownConsentText extends ConsentTextVersion {
  readonly purpose: ConsentPurpose;
  readonly locale: ConsentLocale;
  readonly textHash: string;
  readonly current: boolean;
}

export function hashConsentText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function shown(purpose: ConsentPurpose, locale: ConsentLocale, index: number): ShownConsentText {
  const versions = consentTextCatalogue[purpose][locale];
  const version = versions[index]!;
  return {
    purpose,
    locale,
    ...version,
    textHash: hashConsentText(version.text),
    current: index === versions.length - 1,
  };
}

/** The text to show now for a purpose in a locale. */
export function currentConsentText(purpose: ConsentPurpose, locale: ConsentLocale): ShownConsentText {
  return shown(purpose, locale, consentTextCatalogue[purpose][locale].length - 1);
}

/** A version ever shown for a purpose in a locale (current or not), or undefined when there was none. */
export function findConsentText(
  purpose: ConsentPurpose,
  locale: ConsentLocale,
  version: string,
): ShownConsentText | undefined {
  const index = consentTextCatalogue[purpose][locale].findIndex((entry) => entry.version === version);
  return index < 0 ? undefined : shown(purpose, locale, index);
}

export function isConsentLocale(value: string): value is ConsentLocale {
  return (consentLocales as readonly string[]).includes(value);
}
