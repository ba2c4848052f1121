import { Button, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { EditorContent, useEditorState } from '@tiptap/react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../../api';
import { useEntries } from '../Conversation';
import { ticketKey, useWorkers } from '../queries';
import type { CollisionEntry, ComposerKind, EntryView, TicketDetail } from '../types';
import { useCurrentWorker } from '../../../hooks/useCurrentWorker';
import { CollisionWarning } from './CollisionWarning';
import { KbPicker } from './KbPicker';
import { MacroMenu } from './MacroMenu';
import { MentionPopup, useMentionSuggestion } from './MentionSuggest';
import { PendingFiles } from './PendingFiles';
import { TemplatePicker } from './TemplatePicker';
import { Toolbar } from './Toolbar';
import { useComposerEditor } from './useComposerEditor';
import { useUploads } from './useUploads';

type Feedback = { color: 'green' | 'red' | 'orange'; text: string } | null;
type Props = { ticket: TicketDetail; autoFocus: boolean; onReplyingChange: (replying: boolean) => void };

/** Mentioned worker ids, from the editor's document (mention nodes carry the id). */
function mentionIds(json: { type?: string; attrs?: Record<string, unknown>; content?: unknown[] }): number[] {
  const own = json.type === 'mention' && json.attrs?.id ? [Number(json.attrs.id)] : [];
  const nested = (json.content ?? []).flatMap((c) => mentionIds(c as typeof json));
  return [...new Set([...own, ...nested])];
}

/** Reply or internal note in rich text, with files, templates, macros, @mentions and collision safety. */
export function Composer({ ticket, autoFocus, onReplyingChange }: Props) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { lastId } = useEntries(ticket.id);
  const [kind, setKind] = useState<ComposerKind>('public_reply');
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [collision, setCollision] = useState<CollisionEntry[] | null>(null);
  const [dragging, setDragging] = useState(false);
  const { can } = useCurrentWorker();
  const workerList = useWorkers();
  const workers = useRef(workerList);
  workers.current = workerList;
  const isNote = useRef(false);
  isNote.current = kind === 'internal_note';
  const mention = useMentionSuggestion(workers, isNote);
  const uploadsRef = useRef<ReturnType<typeof useUploads> | null>(null);
  const editor = useComposerEditor({
    label: t('composer.editorLabel'),
    placeholder: () => (isNote.current ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')),
    mention: mention.options,
    onFiles: (drop) => uploadsRef.current?.dropped(drop),
  });
  const uploads = useUploads(editor);
  uploadsRef.current = uploads;
  const state = useEditorState({ editor, selector: ({ editor: e }) => ({ empty: e?.isEmpty ?? true, focused: e?.isFocused ?? false }) });
  const empty = state?.empty ?? true;
  const replying = !empty || (state?.focused ?? false);

  useEffect(() => onReplyingChange(replying), [replying, onReplyingChange]);
  useEffect(() => { if (autoFocus && editor) editor.commands.focus('end'); }, [autoFocus, editor]);
  // The placeholder depends on the kind: redraw its decoration when the kind changes.
  useEffect(() => { if (editor) editor.view.dispatch(editor.state.tr); }, [kind, editor]);

  const send = useMutation({
    mutationFn: (opts: { force: boolean }) => {
      const html = editor?.getHTML() ?? '';
      const ids = uploads.attachmentIds(html);
      const mentions = kind === 'internal_note' && editor ? mentionIds(editor.getJSON()) : [];
      const body = {
        kind,
        bodyHtml: html,
        ...(ids.length && { attachmentIds: ids }),
        ...(mentions.length && { mentions }),
        ...(templateId !== null && kind === 'public_reply' && { templateId }),
        ...(!opts.force && lastId !== null && { lastSeenEntryId: lastId }),
      };
      return api<EntryView>(`/tickets/${ticket.id}/entries`, { method: 'POST', body });
    },
    onSuccess: () => {
      editor?.commands.clearContent(true);
      uploads.reset();
      setTemplateId(null);
      setCollision(null);
      setFeedback({ color: 'green', text: t('composer.sent') });
      void client.invalidateQueries({ queryKey: ticketKey(ticket.id) });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.problem.code === 'reply_collision') {
        setCollision((err.problem as { newEntries?: CollisionEntry[] }).newEntries ?? []);
        void client.invalidateQueries({ queryKey: [...ticketKey(ticket.id), 'entries'] });
        return;
      }
      const fields = err instanceof ApiError ? (err.problem.errors ?? []).map((e) => `${e.path} ${e.message}`).join('; ') : '';
      setFeedback({ color: 'red', text: t('composer.failed', { message: fields || err.message }) });
    },
  });

  const insertHtml = (html: string) => editor?.chain().focus().insertContent(html).run();
  const onDrop = (e: DragEvent) => {
    setDragging(false);
    const files = Array.from(e.dataTransfer.files);
    if (!files.length || e.defaultPrevented) return;
    e.preventDefault();
    uploads.attach(files);
  };
  const note = kind === 'internal_note';
  if (!editor) return null;
  return (
    <Paper withBorder p="sm" bg={note ? 'yellow.1' : undefined} data-testid="composer"
      onDragOver={(e) => { if (e.dataTransfer.types.includes('Files')) { e.preventDefault(); setDragging(true); } }}
      onDragLeave={() => setDragging(false)} onDrop={onDrop}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <SegmentedControl
            data-testid="composer-kind"
            value={kind}
            onChange={(v) => setKind(v as ComposerKind)}
            data={[{ value: 'public_reply', label: t('composer.reply') }, { value: 'internal_note', label: t('composer.note') }]}
          />
          <Group gap="xs">
            {can('kb:read_internal') && <KbPicker onInsert={(html) => insertHtml(html)} />}
            <TemplatePicker ticketId={ticket.id} onError={(m) => setFeedback({ color: 'red', text: m })}
              onInsert={(html, id) => { insertHtml(html); if (kind === 'public_reply') setTemplateId(id); }} />
            <MacroMenu ticket={ticket}
              onReply={(r) => { setKind(r.kind); insertHtml(r.bodyHtml); setFeedback({ color: 'green', text: t('composer.macroApplied') }); }}
              onError={(m, conflict) => setFeedback({ color: conflict ? 'orange' : 'red', text: conflict ? t('ticket.conflict') : t('composer.macroFailed', { message: m }) })} />
          </Group>
        </Group>
        {note && <Text size="sm" c="yellow.9">{t('composer.noteHint')}</Text>}
        <Toolbar editor={editor} onFiles={uploads.attach} />
        <div className="lantern-editor" data-dragging={dragging}>
          <EditorContent editor={editor} />
        </div>
        <MentionPopup open={mention.open} />
        <PendingFiles files={uploads.files} onRemove={uploads.remove} />
        {uploads.inlineError && <Text size="sm" c="red.8">{t('composer.uploadFailed', { message: uploads.inlineError })}</Text>}
        {collision && (
          <CollisionWarning entries={collision} sending={send.isPending}
            onSendAnyway={() => send.mutate({ force: true })} onCancel={() => setCollision(null)} />
        )}
        <Group justify="space-between" gap="xs">
          {feedback ? <Text size="sm" c={`${feedback.color}.8`} data-testid="composer-feedback">{feedback.text}</Text> : <Text size="xs" c="dimmed">{t('composer.dropHint')}</Text>}
          <Button data-testid="composer-send" color={note ? 'yellow' : 'blue'} c={note ? 'dark' : undefined}
            disabled={empty || uploads.busy || collision !== null} loading={send.isPending} onClick={() => send.mutate({ force: false })}>
            {note ? t('composer.addNote') : t('composer.sendReply')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
