import { Checkbox, ColorInput, Group, SegmentedControl, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from '../admin/problem';
import { WIDGET_LANGUAGES, type FieldMode, type WidgetFeatures, type WidgetValues } from './widget-types';

type Props = { values: WidgetValues; onChange: (v: WidgetValues) => void; errors: FieldErrors };

const FEATURES: Array<keyof WidgetFeatures> = ['chat', 'ticketForm', 'helpCenter', 'bot', 'conversations'];
const MODES: FieldMode[] = ['hidden', 'optional', 'required'];

/** Every widget setting as one controlled form; each API field error sits next to its input. */
export function WidgetSettingsForm({ values, onChange, errors }: Props) {
  const { t } = useTranslation();
  const set = <K extends keyof WidgetValues>(key: K, value: WidgetValues[K]) => onChange({ ...values, [key]: value });
  // The raw text, so a new empty line can be typed; the list sent is its non-empty lines (remount to reset).
  const [originsText, setOriginsText] = useState(() => values.allowedOrigins.join('\n'));
  const originsError = Object.entries(errors).filter(([p]) => p.startsWith('allowedOrigins')).map(([, m]) => m).join('; ');
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={3}>{t('widgetAdmin.sections.appearance')}</Title>
        <Group grow align="flex-start">
          <ColorInput withEyeDropper={false} label={t('widgetAdmin.primary')} value={values.colors.primary} format="hex" error={errors['colors.primary']} data-testid="widget-color"
            onChange={(primary) => set('colors', { ...values.colors, primary })} />
          <ColorInput withEyeDropper={false} label={t('widgetAdmin.primaryText')} value={values.colors.primaryText} format="hex" error={errors['colors.primaryText']}
            onChange={(primaryText) => set('colors', { ...values.colors, primaryText })} />
        </Group>
        <Text size="sm" fw={500} id="widget-position">{t('widgetAdmin.position')}</Text>
        <SegmentedControl aria-labelledby="widget-position" value={values.position} onChange={(v) => set('position', v as WidgetValues['position'])}
          data={(['bottom-right', 'bottom-left'] as const).map((p) => ({ value: p, label: t(`widgetAdmin.positions.${p}`) }))} />
        <Select label={t('widgetAdmin.defaultLanguage')} value={values.defaultLanguage} allowDeselect={false} error={errors.defaultLanguage}
          data={WIDGET_LANGUAGES.map((l) => ({ value: l, label: t(`widgetAdmin.languages.${l}`) }))} onChange={(v) => v && set('defaultLanguage', v as WidgetValues['defaultLanguage'])} />
        {WIDGET_LANGUAGES.map((l) => (
          <TextInput key={l} label={t('widgetAdmin.greeting', { language: t(`widgetAdmin.languages.${l}`) })} value={values.greeting[l] ?? ''} maxLength={500}
            error={errors[`greeting.${l}`]} data-testid={`widget-greeting-${l}`} onChange={(e) => set('greeting', { ...values.greeting, [l]: e.currentTarget.value })} />
        ))}
      </Stack>
      <Stack gap="xs">
        <Title order={3}>{t('widgetAdmin.sections.features')}</Title>
        {FEATURES.map((f) => (
          <Checkbox key={f} label={t(`widgetAdmin.features.${f}`)} checked={values.features[f]} data-testid={`widget-feature-${f}`}
            onChange={(e) => set('features', { ...values.features, [f]: e.currentTarget.checked })} />
        ))}
        <Text size="xs" c="gray.7">{t('widgetAdmin.featuresHelp')}</Text>
      </Stack>
      <Stack gap="xs">
        <Title order={3}>{t('widgetAdmin.sections.prechat')}</Title>
        {(['name', 'email'] as const).map((field) => (
          <Select key={field} label={t(`widgetAdmin.fields.${field}`)} value={values.preChatForm[field]} allowDeselect={false} error={errors[`preChatForm.${field}`]}
            data={MODES.map((m) => ({ value: m, label: t(`widgetAdmin.modes.${m}`) }))} onChange={(v) => v && set('preChatForm', { ...values.preChatForm, [field]: v as FieldMode })} />
        ))}
      </Stack>
      <Stack gap="xs">
        <Title order={3}>{t('widgetAdmin.sections.offline')}</Title>
        <Select label={t('widgetAdmin.sections.offline')} description={t('widgetAdmin.offlineHelp')} value={values.offlineBehavior} allowDeselect={false}
          data={(['ticket_form', 'hide_chat'] as const).map((v) => ({ value: v, label: t(`widgetAdmin.offline.${v}`) }))}
          onChange={(v) => v && set('offlineBehavior', v as WidgetValues['offlineBehavior'])} />
      </Stack>
      <Stack gap="xs">
        <Title order={3}>{t('widgetAdmin.sections.origins')}</Title>
        <Textarea label={t('widgetAdmin.origins')} description={t('widgetAdmin.originsHelp')} autosize minRows={2} error={originsError || undefined} data-testid="widget-origins"
          value={originsText} onChange={(e) => { setOriginsText(e.currentTarget.value); set('allowedOrigins', e.currentTarget.value.split('\n').map((s) => s.trim()).filter(Boolean)); }} />
      </Stack>
    </Stack>
  );
}
