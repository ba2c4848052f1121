import { Box, Burger, Collapse, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiKeysPage } from './ApiKeysPage';
import { AuditLogPage } from './AuditLogPage';
import { CalendarsPage } from './CalendarsPage';
import { ChatbotPage } from './ChatbotPage';
import { CustomFieldsPage, PrioritiesPage, StatusesPage, TagsPage, TemplatesPage } from './SettingsPages';
import { KnowledgeBasePage } from './KnowledgeBasePage';
import { LifecyclePage } from './LifecyclePage';
import { MacrosPage } from './MacrosPage';
import { PluginsPage } from './PluginsPage';
import { RoutingRulesPage } from './RoutingRulesPage';
import { SecurityPage } from './SecurityPage';
import { SlaPoliciesPage } from './SlaPoliciesPage';
import { TeamsPage } from './TeamsPage';
import { ViewsPage } from './ViewsPage';
import { WebhooksPage } from './WebhooksPage';
import { WidgetPage } from './WidgetPage';
import { WorkersPage } from './WorkersPage';
import { contrast } from '../../components/admin/contrast';

/** The console's sections in navigation order: path below /admin, catalogue key, page. */
const SECTIONS: Array<{ group: string; items: Array<[string, string, ComponentType]> }> = [
  { group: 'tickets', items: [['statuses', 'statuses', StatusesPage], ['priorities', 'priorities', PrioritiesPage], ['custom-fields', 'customFields', CustomFieldsPage], ['tags', 'tags', TagsPage]] },
  { group: 'people', items: [['teams', 'teams', TeamsPage], ['workers', 'workers', WorkersPage]] },
  { group: 'routing', items: [['routing-rules', 'routingRules', RoutingRulesPage], ['calendars', 'calendars', CalendarsPage]] },
  { group: 'lifecycle', items: [['sla-policies', 'slaPolicies', SlaPoliciesPage], ['lifecycle', 'lifecycle', LifecyclePage]] },
  { group: 'productivity', items: [['templates', 'templates', TemplatesPage], ['macros', 'macros', MacrosPage], ['views', 'views', ViewsPage]] },
  { group: 'content', items: [['knowledge-base', 'knowledgeBase', KnowledgeBasePage], ['chatbot', 'chatbot', ChatbotPage]] },
  { group: 'integrations', items: [['webhooks', 'webhooks', WebhooksPage], ['api-keys', 'apiKeys', ApiKeysPage], ['plugins', 'plugins', PluginsPage], ['widget', 'widget', WidgetPage]] },
  { group: 'security', items: [['audit-log', 'auditLog', AuditLogPage], ['security', 'security', SecurityPage]] },
];

function AdminNav({ onPick }: { onPick: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <Stack gap={2} component="nav" aria-label={t('admin.nav.label')} data-testid="admin-nav">
      {SECTIONS.map((s) => (
        <Box key={s.group} mb="xs">
          <Text size="xs" fw={700} c="gray.7" tt="uppercase" px="sm">{t(`admin.nav.groups.${s.group}`)}</Text>
          {s.items.map(([path, key]) => (
            <NavLink key={path} component={Link} to={`/admin/${path}`} label={t(`admin.nav.${key}`)} active={pathname.startsWith(`/admin/${path}`)} onClick={onPick} py={6} />
          ))}
        </Box>
      ))}
    </Stack>
  );
}

/** The admin console: a section list (a collapsible menu on narrow screens) and the chosen section. */
export function AdminPage() {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [open, { toggle, close }] = useDisclosure(false);
  const pages = SECTIONS.flatMap((s) => s.items);
  return (
    <Group align="flex-start" wrap={narrow ? 'wrap' : 'nowrap'} gap="lg" data-testid="admin-page" className={contrast}>
      {narrow ? (
        <Box w="100%">
          <Group gap="xs">
            <Burger opened={open} onClick={toggle} aria-label={t('admin.nav.toggle')} aria-expanded={open} size="sm" data-testid="admin-nav-toggle" />
            <Text fw={600}>{t('admin.nav.title')}</Text>
          </Group>
          <Collapse in={open}><AdminNav onPick={close} /></Collapse>
        </Box>
      ) : (
        <Box w={220} style={{ flexShrink: 0 }}><AdminNav onPick={close} /></Box>
      )}
      <Box style={{ flex: 1, minWidth: 0 }} w={narrow ? '100%' : undefined}>
        <Routes>
          {pages.map(([path, , Page]) => <Route key={path} path={`${path}/*`} element={<Page />} />)}
          <Route path="*" element={<Navigate to="statuses" replace />} />
        </Routes>
      </Box>
    </Group>
  );
}
