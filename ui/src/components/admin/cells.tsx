import { Badge, ColorSwatch, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Small table cells shared by the admin lists. */
export function YesNo({ value }: { value: boolean }) {
  const { t } = useTranslation();
  return <Badge variant="light" color={value ? 'green' : 'gray'}>{value ? t('admin.common.yes') : t('admin.common.no')}</Badge>;
}

export function Swatch({ color, label }: { color: string; label: string }) {
  return <Group gap="xs" wrap="nowrap"><ColorSwatch color={color} size={16} aria-hidden /><Text size="sm">{label}</Text></Group>;
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return <Badge variant="light" color={active ? 'green' : 'gray'}>{active ? t('admin.common.active') : t('admin.common.inactive')}</Badge>;
}
