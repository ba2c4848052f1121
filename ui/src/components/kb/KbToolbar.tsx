import { ActionIcon, Button, FileButton, Group, Menu, Tooltip } from '@mantine/core';
import { useEditorState, type Editor } from '@tiptap/react';
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../ticket/composer/icons';
import { LinkTool } from '../ticket/composer/Toolbar';
import { CALLOUT_KINDS } from './callout';

type Check = 'bold' | 'italic' | 'code' | 'bulletList' | 'orderedList' | 'blockquote' | 'link' | 'codeBlock' | 'callout' | 'h2' | 'h3';

function Tool({ label, active, onClick, children }: { label: string; active: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <Tooltip label={label} openDelay={400}>
      <ActionIcon variant={active ? 'filled' : 'subtle'} color="dark" aria-label={label} aria-pressed={active} onClick={onClick} size="md">
        {children}
      </ActionIcon>
    </Tooltip>
  );
}

/** Formatting of KB articles: the composer's marks plus headings, code blocks, callouts and image upload. */
export function KbToolbar({ editor, onImages, uploading }: { editor: Editor; onImages: (files: File[]) => void; uploading: boolean }) {
  const { t } = useTranslation();
  const reset = useRef<() => void>(null);
  const active = useEditorState({
    editor,
    selector: ({ editor: e }): Record<Check, boolean> => ({
      bold: e.isActive('bold'), italic: e.isActive('italic'), code: e.isActive('code'), bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'), blockquote: e.isActive('blockquote'), link: e.isActive('link'),
      codeBlock: e.isActive('codeBlock'), callout: e.isActive('callout'),
      h2: e.isActive('heading', { level: 2 }), h3: e.isActive('heading', { level: 3 }),
    }),
  });
  const run = (fn: (c: ReturnType<Editor['chain']>) => ReturnType<Editor['chain']>) => () => fn(editor.chain().focus()).run();
  return (
    <Group gap={2} wrap="wrap" data-testid="kb-toolbar">
      <Tool label={t('kb.tools.h2')} active={active.h2} onClick={run((c) => c.toggleHeading({ level: 2 }))}><b>H2</b></Tool>
      <Tool label={t('kb.tools.h3')} active={active.h3} onClick={run((c) => c.toggleHeading({ level: 3 }))}><b>H3</b></Tool>
      <Tool label={t('composer.tools.bold')} active={active.bold} onClick={run((c) => c.toggleBold())}><Icon name="bold" /></Tool>
      <Tool label={t('composer.tools.italic')} active={active.italic} onClick={run((c) => c.toggleItalic())}><Icon name="italic" /></Tool>
      <Tool label={t('composer.tools.bulletList')} active={active.bulletList} onClick={run((c) => c.toggleBulletList())}><Icon name="bulletList" /></Tool>
      <Tool label={t('composer.tools.orderedList')} active={active.orderedList} onClick={run((c) => c.toggleOrderedList())}><Icon name="orderedList" /></Tool>
      <LinkTool editor={editor} active={active.link} />
      <Tool label={t('composer.tools.code')} active={active.code} onClick={run((c) => c.toggleCode())}><Icon name="code" /></Tool>
      <Tool label={t('kb.tools.codeBlock')} active={active.codeBlock} onClick={run((c) => c.toggleCodeBlock())}><b aria-hidden>{'{ }'}</b></Tool>
      <Tool label={t('composer.tools.quote')} active={active.blockquote} onClick={run((c) => c.toggleBlockquote())}><Icon name="quote" /></Tool>
      {/* Focus stays in the text after a pick (the menu would hand it back to its button). */}
      <Menu position="bottom-start" returnFocus={false}>
        <Menu.Target>
          <Button variant={active.callout ? 'filled' : 'subtle'} color="dark" size="compact-sm" data-testid="kb-callout-menu">{t('kb.tools.callout')}</Button>
        </Menu.Target>
        <Menu.Dropdown>
          {CALLOUT_KINDS.map((k) => <Menu.Item key={k} onClick={run((c) => c.toggleCallout(k))}>{t(`kb.callout.${k}`)}</Menu.Item>)}
        </Menu.Dropdown>
      </Menu>
      <FileButton resetRef={reset} accept="image/*" multiple onChange={(files) => { onImages(files); reset.current?.(); }}
        inputProps={{ 'data-testid': 'kb-image-input', 'aria-label': t('kb.tools.image') } as object}>
        {(props) => <Button {...props} variant="subtle" size="compact-sm" color="dark" loading={uploading} leftSection={<Icon name="attach" size={14} />}>{t('kb.tools.image')}</Button>}
      </FileButton>
    </Group>
  );
}
