import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de, en } from './locales';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'de', label: 'Deutsch' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'lantern.language';
const saved = localStorage.getItem(STORAGE_KEY);
const browser = navigator.language.slice(0, 2);
const initial = LANGUAGES.some((l) => l.code === saved) ? saved! : LANGUAGES.some((l) => l.code === browser) ? browser : 'en';

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

i18n.on('languageChanged', (lng) => {
  localStorage.setItem(STORAGE_KEY, lng);
  document.documentElement.lang = lng;
});
document.documentElement.lang = initial;

export default i18n;
