import { Badge, Group, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../format';
import { entryColor, previewSentence } from './preview-sentence';
import type { PreviewAnswer } from './preview-types';

/** The matched SLA policy (and why) and the ordered list of what the sample ticket would experience. */
export function PreviewTimeline({ answer }: { answer: PreviewAnswer }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const fmtTarget = (m: number) => (m % 60 === 0 ? t('admin.sla.hoursShort', { n: m / 60 }) : t('admin.sla.minutesShort', { n: m }));
  const { match } = answer;
  const skipped = match.candidates.filter((c) => !c.matched);
  return (
    <>
      <Text size="sm" data-testid="preview-match">
        {match.slaPolicyId === null
          ? t('admin.lifecyclePreview.noMatch')
          : t('admin.lifecyclePreview.matched', { name: match.name ?? match.slaPolicyId, hours: t(`admin.sla.hoursKinds.${match.hours ?? 'business'}`) })}
      </Text>
      {skipped.length > 0 && (
        <Text size="xs" c="gray.7">
          {t('admin.lifecyclePreview.skipped', {
            list: skipped.map((c) => `${c.name ?? c.id} (${c.checks.filter((k) => !k.met).map((k) => t(`admin.sla.conditions.${k.condition}`)).join(', ')})`).join('; '),
          })}
        </Text>
      )}
      <Text size="xs" c="gray.7">{t('admin.lifecyclePreview.timeZone', { zone: answer.calendar.timeZone })}</Text>
      <Timeline active={answer.timeline.length} color="gray" bulletSize={14} lineWidth={2} data-testid="preview-timeline" mt="xs">
        {answer.timeline.map((e, i) => (
          <Timeline.Item key={i} color={entryColor(e.kind)} data-testid="preview-line" data-kind={e.kind}
            title={<Group gap="xs" wrap="wrap"><Text size="sm">{previewSentence(t, e, fmt.dateTime, fmtTarget)}</Text>
              {e.kind === 'sla_breach' && <Badge color="red" size="xs">{t('admin.lifecyclePreview.breachBadge')}</Badge>}</Group>}>
            <Text size="xs" c="gray.7">{fmt.dateTime(e.at)}</Text>
          </Timeline.Item>
        ))}
      </Timeline>
      <Text size="xs" c="gray.7">
        {answer.truncated ? t('admin.lifecyclePreview.truncated') : t('admin.lifecyclePreview.horizon', { at: fmt.dateTime(answer.horizonEnd) })}
      </Text>
    </>
  );
}
