import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('app.language')}
      data-testid="language-switcher"
      w={130}
      allowDeselect={false}
      value={i18n.resolvedLanguage ?? 'en'}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      onChange={(lng) => { if (lng) void i18n.changeLanguage(lng); }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
