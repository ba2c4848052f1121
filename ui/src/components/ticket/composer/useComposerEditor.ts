import Image from '@tiptap/extension-image';
import Mention, { type MentionNodeAttrs } from '@tiptap/extension-mention';
import Placeholder from '@tiptap/extension-placeholder';
import { useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import type { SuggestionOptions } from '@tiptap/suggestion';
import { useRef } from 'react';
import type { Worker } from '../types';

export type FileDrop = { files: File[]; pos: number | null };

type Options = {
  label: string;
  placeholder: () => string;
  mention: Omit<SuggestionOptions<Worker, MentionNodeAttrs>, 'editor'>;
  onFiles: (drop: FileDrop) => void;
};

/**
 * The TipTap editor of the composer: bold, italic, lists, links, code, quote (StarterKit), images, @mentions.
 * Files pasted or dropped into the text are handed to `onFiles` (images go inline at the drop position).
 * The contenteditable carries data-testid="composer-text" so tests can fill() it.
 */
export function useComposerEditor({ label, placeholder, mention, onFiles }: Options) {
  const filesRef = useRef(onFiles);
  filesRef.current = onFiles;
  const placeholderRef = useRef(placeholder);
  placeholderRef.current = placeholder;
  return useEditor({
    extensions: [
      StarterKit.configure({ heading: false, link: { openOnClick: false, autolink: true, defaultProtocol: 'https' } }),
      Image,
      Placeholder.configure({ placeholder: () => placeholderRef.current() }),
      Mention.configure({ suggestion: mention }),
    ],
    editorProps: {
      attributes: { 'data-testid': 'composer-text', 'aria-label': label, 'aria-multiline': 'true', role: 'textbox' },
      handlePaste: (_view, event) => {
        const files = Array.from(event.clipboardData?.files ?? []);
        if (!files.length) return false;
        filesRef.current({ files, pos: null });
        return true;
      },
      handleDrop: (view, event, _slice, moved) => {
        const files = Array.from(event.dataTransfer?.files ?? []);
        if (moved || !files.length) return false;
        event.preventDefault();
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        filesRef.current({ files, pos: at?.pos ?? null });
        return true;
      },
    },
  });
}
