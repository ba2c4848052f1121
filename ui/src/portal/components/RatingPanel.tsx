import { Button, Card, Group, Rating, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format';
import { portalApi, type Rating as RatingRow } from '../portal-api';
import { commonHints, fieldErrors } from '../problem';
import classes from './portal.module.css';
import { PortalAlert, PortalNotice } from './PortalAlert';

export const ratingsKey = (id: number) => ['ticket', id, 'ratings'] as const;

/** Earlier resolutions of a reopened ticket and how they were rated. */
function PreviousRatings({ items }: { items: RatingRow[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!items.length) return null;
  return (
    <Stack gap={4} data-testid="previous-ratings">
      <Text fw={600} size="sm">{t('portal.rating.previous')}</Text>
      {items.map((r) => (
        <Text key={r.resolution} size="sm" data-testid="previous-rating">
          {[r.resolution > 0 && t('portal.rating.resolution', { n: r.resolution }), r.solvedAt && t('portal.rating.solvedAt', { date: fmt.dateTime(r.solvedAt) })]
            .filter(Boolean).join(' · ')}
          {(r.resolution > 0 || r.solvedAt) && ': '}
          {t('portal.rating.yours', { count: r.rating })}
          {r.comment && ` — “${r.comment}”`}
        </Text>
      ))}
    </Stack>
  );
}

/** CSAT for the current resolution (1–5 stars and a comment; rating again updates it) and the earlier ones. */
export function RatingPanel({ ticketId, canRate, resolved, updatedAt }: { ticketId: number; canRate: boolean; resolved: boolean; updatedAt: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const ratings = useQuery({ queryKey: ratingsKey(ticketId), queryFn: () => portalApi.ratings(ticketId) });
  // Only rated resolutions are listed (oldest first); rating the current resolution again updates it.
  const items = [...(ratings.data?.items ?? [])].sort((a, b) => a.resolution - b.resolution);
  // The API does not say which resolution is current: a rating given after the ticket last changed belongs to it
  // (a re-solve changes the ticket later). Guessing wrong only shows an empty form; sending it updates the rating.
  const last = items.at(-1);
  const current = resolved && last && Date.parse(last.ratedAt) >= Date.parse(updatedAt) - 2000 ? last : undefined;
  const [value, setValue] = useState(0);
  const [comment, setComment] = useState('');
  useEffect(() => {
    if (current) { setValue(current.rating); setComment(current.comment ?? ''); }
  }, [current?.rating, current?.comment]);
  const rate = useMutation({
    mutationFn: () => portalApi.rate(ticketId, value, comment),
    onSuccess: () => void client.invalidateQueries({ queryKey: ratingsKey(ticketId) }),
  });
  const errors = fieldErrors(t, rate.error, commonHints(t));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    rate.mutate();
  };
  if (!resolved && !items.length) return null;
  return (
    <Card withBorder padding="md" data-testid="rating-panel">
      <Stack gap="sm">
        {resolved && (
          <>
            <h2 className={classes.h2}>{t('portal.rating.title')}</h2>
            {canRate && (
              <form onSubmit={submit}>
                <Stack gap="xs">
                  <Text size="sm" id="rating-label">{t('portal.rating.text')}</Text>
                  <Rating value={value} onChange={setValue} size="lg" aria-labelledby="rating-label" data-testid="rating-stars"
                    getSymbolLabel={(i) => t('portal.rating.star', { count: i })} />
                  {errors.rating && <Text c="red.8" size="sm" role="alert">{errors.rating}</Text>}
                  <Textarea label={t('portal.rating.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={2}
                    error={errors.comment} data-testid="rating-comment" />
                  <PortalAlert error={errors.rating || errors.comment ? null : rate.error} />
                  {rate.isSuccess && <PortalNotice testId="rating-thanks">{t('portal.rating.thanks')}</PortalNotice>}
                  <Group>
                    <Button type="submit" disabled={!value} loading={rate.isPending} data-testid="rating-submit">
                      {current ? t('portal.rating.update') : t('portal.rating.submit')}
                    </Button>
                  </Group>
                </Stack>
              </form>
            )}
          </>
        )}
        <PreviousRatings items={items} />
      </Stack>
    </Card>
  );
}
