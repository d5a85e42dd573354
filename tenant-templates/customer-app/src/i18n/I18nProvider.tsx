// The app's language for every component: chosen once at start-up (`chooseLanguage`), changed by the switcher
// (remembered in localStorage), followed by `<html lang>` and by the locale figures and dates are formatted in.
import { createContext, type ReactNode, useContext, useLayoutEffect, useMemo, useState } from 'react';
import {
  chooseLanguage,
  english,
  fallbackLanguage,
  formatLocaleOf,
  type Language,
  setFormatLocale,
  type Translate,
  translator,
} from './i18n.ts';

/** Where the customer's choice is remembered (per browser, like the session). */
export const languageStorageKey = 'finpersona.language';

export interface I18n {
  language: Language;
  t: Translate;
  setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18n>({ language: fallbackLanguage, t: english, setLanguage: () => {} });

/** The language in use and its translator; English outside a provider (components rendered alone in tests). */
export function useI18n(): I18n {
  return useContext(I18nContext);
}

function storedChoice(): string | null {
  try {
    return window.localStorage.getItem(languageStorageKey);
  } catch {
    return null; // storage disabled: the browser's languages decide
  }
}

function preferredLanguages(): readonly string[] {
  return navigator.languages?.length ? navigator.languages : [navigator.language].filter(Boolean);
}

/** `language` fixes the language instead (rendering a screen in one language, as the unit tests do). */
export function I18nProvider({ children, language: fixed }: { children: ReactNode; language?: Language }) {
  const [chosen, setChosen] = useState<Language>(
    () => fixed ?? chooseLanguage(storedChoice(), preferredLanguages()),
  );
  const language = fixed ?? chosen;
  const locale = fixed ?? formatLocaleOf(language, preferredLanguages());
  // Before children render their figures: the format helpers read this locale.
  setFormatLocale(locale);
  useLayoutEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(
    () => ({
      language,
      t: translator(language),
      setLanguage: (next) => {
        try {
          window.localStorage.setItem(languageStorageKey, next);
        } catch {
          // not remembered, still switched
        }
        setChosen(next);
      },
    }),
    [language],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
