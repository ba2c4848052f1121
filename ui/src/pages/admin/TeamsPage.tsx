import { Button, Drawer } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamRow } from '../../components/admin/admin-types';
import { CrudPage } from '../../components/admin/CrudPage';
import { TeamMembersForm } from '../../components/admin/TeamMembersForm';
import { contrast } from '../../components/admin/contrast';

export function TeamsPage() {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [team, setTeam] = useState<TeamRow | null>(null);
  return (
    <CrudPage<TeamRow> path="/teams" title={t('admin.nav.teams')} intro={t('admin.teams.intro')} testId="admin-teams" versioned
      rowName={(r) => r.name}
      columns={[
        { key: 'name', label: t('admin.fields.name'), render: (r) => r.name },
        { key: 'members', label: t('admin.teams.members'), render: (r) => r.members.length },
        { key: 'leads', label: t('admin.teams.leads'), render: (r) => r.members.filter((m) => m.role === 'lead').map((m) => m.name).join(', ') || '—' },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'focus', label: t('admin.teams.focus'), kind: 'textarea' },
      ]}
      rowActions={(r) => (
        <Button size="xs" variant="default" onClick={() => setTeam(r)} aria-label={t('admin.teams.manageNamed', { name: r.name })}>{t('admin.teams.manage')}</Button>
      )}>
      <Drawer className={contrast} opened={team !== null} onClose={() => setTeam(null)} position="right" size={narrow ? '100%' : 'lg'} title={team?.name ?? ''}>
        {team && <TeamMembersForm key={team.id} team={team} onDone={() => setTeam(null)} />}
      </Drawer>
    </CrudPage>
  );
}
