import { Text } from '@mantine/core';
import { EditorContent } from '@tiptap/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadKbFile } from './kb-api';
import { KbToolbar } from './KbToolbar';
import { useKbEditor } from './useKbEditor';

type Props = { label: string; initial: string; onChange: (html: string) => void; testId: string; compact?: boolean; error?: string };

/**
 * Rich text of an article or a tutorial step. `initial` is read once: remount (key) to load other content.
 * Images (button, paste, drop) are uploaded to POST /kb/files and shown at their public URL.
 */
export function KbRichEditor({ label, initial, onChange, testId, compact, error }: Props) {
  const { t } = useTranslation();
  const [uploading, setUploading] = useState(0);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const upload = (files: File[]) => {
    setUploadError(null);
    for (const file of files) {
      setUploading((n) => n + 1);
      uploadKbFile(file).then(
        (f) => editor?.chain().focus().setImage({ src: f.url, alt: f.fileName }).run(),
        (err: Error) => setUploadError(err.message),
      ).finally(() => setUploading((n) => n - 1));
    }
  };
  const editor = useKbEditor({ label, placeholder: t('kb.editor.placeholder'), content: initial, testId, onChange, onImages: upload });
  if (!editor) return null;
  return (
    <div>
      <Text size="sm" fw={500} mb={4} component="div">{label}</Text>
      <KbToolbar editor={editor} onImages={upload} uploading={uploading > 0} />
      <div className="lantern-kb-editor" data-compact={compact ?? false}>
        <EditorContent editor={editor} />
      </div>
      {uploadError && <Text size="sm" c="red.8" role="alert">{t('kb.editor.uploadFailed', { message: uploadError })}</Text>}
      {error && <Text size="sm" c="red.8" role="alert">{error}</Text>}
    </div>
  );
}
