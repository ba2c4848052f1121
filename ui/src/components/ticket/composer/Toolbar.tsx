import { ActionIcon, Button, FileButton, Group, Popover, TextInput, Tooltip } from '@mantine/core';
import { useEditorState, type Editor } from '@tiptap/react';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './icons';

type Mark = 'bold' | 'italic' | 'code' | 'bulletList' | 'orderedList' | 'blockquote' | 'link';

function Tool({ label, active, onClick, children }: { label: string; active: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <Tooltip label={label} openDelay={400}>
      <ActionIcon variant={active ? 'filled' : 'subtle'} color="dark" aria-label={label} aria-pressed={active} onClick={onClick} size="md">
        {children}
      </ActionIcon>
    </Tooltip>
  );
}

export function LinkTool({ editor, active }: { editor: Editor; active: boolean }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [url, setUrl] = useState('');
  const apply = () => {
    const chain = editor.chain().focus().extendMarkRange('link');
    if (url.trim()) chain.setLink({ href: url.trim() }).run();
    else chain.unsetLink().run();
    setOpened(false);
  };
  return (
    <Popover opened={opened} onChange={setOpened} trapFocus position="bottom-start" withArrow>
      <Popover.Target>
        <ActionIcon variant={active ? 'filled' : 'subtle'} color="dark" aria-label={t('composer.tools.link')} aria-pressed={active}
          onClick={() => { setUrl((editor.getAttributes('link').href as string | undefined) ?? ''); setOpened((o) => !o); }}>
          <Icon name="link" />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Group gap="xs" align="flex-end">
          <TextInput label={t('composer.tools.linkUrl')} value={url} onChange={(e) => setUrl(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); apply(); } }} placeholder="https://" size="xs" />
          <Button size="xs" onClick={apply}>{t('composer.tools.linkApply')}</Button>
        </Group>
      </Popover.Dropdown>
    </Popover>
  );
}

/** Formatting buttons and the file picker above the editor. */
export function Toolbar({ editor, onFiles }: { editor: Editor; onFiles: (files: File[]) => void }) {
  const { t } = useTranslation();
  const resetFiles = useRef<() => void>(null);
  const active = useEditorState({
    editor,
    selector: ({ editor: e }) => Object.fromEntries(
      (['bold', 'italic', 'code', 'bulletList', 'orderedList', 'blockquote', 'link'] as Mark[]).map((m) => [m, e.isActive(m)]),
    ) as Record<Mark, boolean>,
  });
  const run = (fn: (c: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>) => () => fn(editor.chain().focus()).run();
  return (
    <Group gap={2} data-testid="composer-toolbar" wrap="wrap">
      <Tool label={t('composer.tools.bold')} active={active.bold} onClick={run((c) => c.toggleBold())}><Icon name="bold" /></Tool>
      <Tool label={t('composer.tools.italic')} active={active.italic} onClick={run((c) => c.toggleItalic())}><Icon name="italic" /></Tool>
      <Tool label={t('composer.tools.bulletList')} active={active.bulletList} onClick={run((c) => c.toggleBulletList())}><Icon name="bulletList" /></Tool>
      <Tool label={t('composer.tools.orderedList')} active={active.orderedList} onClick={run((c) => c.toggleOrderedList())}><Icon name="orderedList" /></Tool>
      <LinkTool editor={editor} active={active.link} />
      <Tool label={t('composer.tools.code')} active={active.code} onClick={run((c) => c.toggleCode())}><Icon name="code" /></Tool>
      <Tool label={t('composer.tools.quote')} active={active.blockquote} onClick={run((c) => c.toggleBlockquote())}><Icon name="quote" /></Tool>
      <FileButton resetRef={resetFiles} onChange={(files) => { onFiles(files); resetFiles.current?.(); }} multiple inputProps={{ 'data-testid': 'composer-file-input', 'aria-label': t('composer.attach') } as object}>
        {(props) => <Button {...props} variant="subtle" size="compact-sm" color="dark" leftSection={<Icon name="attach" size={14} />}>{t('composer.attach')}</Button>}
      </FileButton>
    </Group>
  );
}
