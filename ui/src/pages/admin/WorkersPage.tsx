import { Button, Drawer } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WORKER_ROLES, type WorkerRow } from '../../components/admin/admin-types';
import { ActiveBadge } from '../../components/admin/cells';
import { CrudPage } from '../../components/admin/CrudPage';
import { RoutingProfileForm } from '../../components/admin/RoutingProfileForm';
import { contrast } from '../../components/admin/contrast';

/** Workers: invite with a password, change role, deactivate; each worker's routing profile (skills, capacity). */
export function WorkersPage() {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [profileOf, setProfileOf] = useState<WorkerRow | null>(null);
  const roles = WORKER_ROLES.map((r) => ({ value: r, label: t(`admin.workers.roles.${r}`) }));
  return (
    <CrudPage<WorkerRow> path="/workers" title={t('admin.nav.workers')} intro={t('admin.workers.intro')} testId="admin-workers" versioned
      rowName={(r) => r.name} deletable={false} defaults={{ role: 'agent' }}
      columns={[
        { key: 'name', label: t('admin.fields.name'), render: (r) => r.name },
        { key: 'email', label: t('admin.workers.email'), render: (r) => r.email },
        { key: 'role', label: t('admin.workers.role'), render: (r) => t(`admin.workers.roles.${r.role}`) },
        { key: 'teams', label: t('admin.nav.teams'), render: (r) => r.teams.map((x) => x.name).join(', ') || '—' },
        { key: 'active', label: t('admin.fields.active'), render: (r) => <ActiveBadge active={r.active} /> },
      ]}
      fields={[
        { name: 'name', label: t('admin.fields.name'), kind: 'text', required: true },
        { name: 'email', label: t('admin.workers.email'), kind: 'text', required: true },
        { name: 'role', label: t('admin.workers.role'), kind: 'select', required: true, options: roles },
        { name: 'allTickets', label: t('admin.workers.allTickets'), kind: 'switch' },
        { name: 'password', label: t('admin.workers.password'), kind: 'password', required: true, createOnly: true, description: t('admin.workers.passwordHelp') },
        { name: 'active', label: t('admin.workers.activeLabel'), kind: 'switch', editOnly: true, description: t('admin.workers.deactivateHelp') },
      ]}
      rowActions={(r) => (
        <Button size="xs" variant="default" onClick={() => setProfileOf(r)} aria-label={t('admin.workers.profileNamed', { name: r.name })}>{t('admin.workers.profile')}</Button>
      )}>
      <Drawer className={contrast} opened={profileOf !== null} onClose={() => setProfileOf(null)} position="right" size={narrow ? '100%' : 'lg'}
        title={profileOf ? t('admin.workers.profileNamed', { name: profileOf.name }) : ''}>
        {profileOf && <RoutingProfileForm key={profileOf.id} workerId={profileOf.id} onDone={() => setProfileOf(null)} />}
      </Drawer>
    </CrudPage>
  );
}
