import type { Editor } from '@tiptap/react';
import { useState } from 'react';
import { attachmentUrl } from '../queries';
import type { Attachment } from '../types';
import { uploadAttachment } from '../upload';
import type { FileDrop } from './useComposerEditor';

export type PendingFile = { key: string; name: string; state: 'uploading' | 'done' | 'failed'; attachment?: Attachment; error?: string };

const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp)$/;
let counter = 0;

/**
 * Files of the message being written: uploaded at once (POST /attachments) and linked to the entry when it is
 * sent (attachmentIds). Images pasted or dropped into the text are shown inline at their URL.
 */
export function useUploads(editor: Editor | null) {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [inline, setInline] = useState<number[]>([]);
  const [inlineError, setInlineError] = useState<string | null>(null);
  const patch = (key: string, change: Partial<PendingFile>) => setFiles((fs) => fs.map((f) => (f.key === key ? { ...f, ...change } : f)));

  const attach = (list: File[]) => {
    for (const file of list) {
      const key = `f${++counter}`;
      setFiles((fs) => [...fs, { key, name: file.name, state: 'uploading' }]);
      uploadAttachment(file).then(
        (attachment) => patch(key, { state: 'done', attachment }),
        (err: Error) => patch(key, { state: 'failed', error: err.message }),
      );
    }
  };

  /** Pasted or dropped into the text: images inline, anything else as an attachment. */
  const dropped = ({ files: list, pos }: FileDrop) => {
    const images = list.filter((f) => INLINE_IMAGE.test(f.type));
    attach(list.filter((f) => !images.includes(f)));
    for (const file of images) {
      uploadAttachment(file).then(
        (a) => {
          setInline((ids) => [...ids, a.id]);
          const node = { type: 'image', attrs: { src: attachmentUrl(a.id), alt: a.filename } };
          if (pos !== null) editor?.chain().focus().insertContentAt(pos, node).run();
          else editor?.chain().focus().insertContent(node).run();
        },
        (err: Error) => setInlineError(err.message),
      );
    }
  };

  const remove = (key: string) => setFiles((fs) => fs.filter((f) => f.key !== key));
  /** Ids to link: finished uploads plus inline images still in the text. */
  const attachmentIds = (html: string) => [
    ...files.flatMap((f) => (f.attachment ? [f.attachment.id] : [])),
    ...inline.filter((id) => html.includes(attachmentUrl(id))),
  ];
  const reset = () => { setFiles([]); setInline([]); setInlineError(null); };
  const busy = files.some((f) => f.state === 'uploading');
  return { files, attach, dropped, remove, attachmentIds, reset, busy, inlineError, clearInlineError: () => setInlineError(null) };
}
