import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { KbState, KbVisibility } from './kb-types';

const STATE_COLOR: Record<KbState, string> = { draft: 'gray', published: 'green', archived: 'orange' };

/** A translation's state (with its language when given). */
export function StateBadge({ state, language }: { state: KbState; language?: string }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STATE_COLOR[state]} data-testid="kb-state" data-state={state}>
      {language ? `${language.toUpperCase()} · ${t(`kb.state.${state}`)}` : t(`kb.state.${state}`)}
    </Badge>
  );
}

export function VisibilityBadge({ visibility }: { visibility: KbVisibility }) {
  const { t } = useTranslation();
  return <Badge variant="outline" color={visibility === 'internal' ? 'grape' : 'blue'}>{t(`kb.visibility.${visibility}`)}</Badge>;
}
