import type { Shape } from './shape';

export const en = {
  queue: {
    title: 'Tickets',
    views: { mine: 'My open tickets', unassigned: 'Unassigned', all: 'All tickets' },
    number: 'No.',
    subject: 'Subject',
    status: 'Status',
    priority: 'Priority',
    updated: 'Updated',
    empty: 'No tickets here.',
    loadMore: 'Load more',
    shown: '{{n}} ticket shown',
    shown_other: '{{n}} tickets shown',
    error: 'The tickets could not be loaded: {{message}}',
  },
} as const;

export const de: Shape<typeof en> = {
  queue: {
    title: 'Tickets',
    views: { mine: 'Meine offenen Tickets', unassigned: 'Nicht zugewiesen', all: 'Alle Tickets' },
    number: 'Nr.',
    subject: 'Betreff',
    status: 'Status',
    priority: 'Priorität',
    updated: 'Aktualisiert',
    empty: 'Hier gibt es keine Tickets.',
    loadMore: 'Mehr laden',
    shown: '{{n}} Ticket angezeigt',
    shown_other: '{{n}} Tickets angezeigt',
    error: 'Die Tickets konnten nicht geladen werden: {{message}}',
  },
};
