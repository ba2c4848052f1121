import Image from '@tiptap/extension-image';
import Placeholder from '@tiptap/extension-placeholder';
import { useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useRef } from 'react';
import { Callout } from './callout';

type Options = { label: string; placeholder: string; content: string; testId: string; onChange: (html: string) => void; onImages: (files: File[]) => void };

/**
 * The TipTap editor of KB articles and tutorial steps: headings, lists, links, inline code and code blocks, quotes,
 * callouts and images (pasted or dropped images are handed to `onImages`, which uploads them to POST /kb/files).
 */
export function useKbEditor({ label, placeholder, content, testId, onChange, onImages }: Options) {
  const changeRef = useRef(onChange);
  changeRef.current = onChange;
  const imagesRef = useRef(onImages);
  imagesRef.current = onImages;
  const images = (list: FileList | undefined | null) => Array.from(list ?? []).filter((f) => f.type.startsWith('image/'));
  return useEditor({
    content,
    extensions: [
      StarterKit.configure({ heading: { levels: [2, 3] }, link: { openOnClick: false, autolink: true, defaultProtocol: 'https' } }),
      Image,
      Callout,
      Placeholder.configure({ placeholder }),
    ],
    onUpdate: ({ editor }) => changeRef.current(editor.isEmpty ? '' : editor.getHTML()),
    editorProps: {
      attributes: { 'data-testid': testId, 'aria-label': label, 'aria-multiline': 'true', role: 'textbox' },
      handlePaste: (_view, event) => {
        const files = images(event.clipboardData?.files);
        if (!files.length) return false;
        imagesRef.current(files);
        return true;
      },
      handleDrop: (_view, event, _slice, moved) => {
        const files = images(event.dataTransfer?.files);
        if (moved || !files.length) return false;
        event.preventDefault();
        imagesRef.current(files);
        return true;
      },
    },
  });
}
