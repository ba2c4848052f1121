import { Node, mergeAttributes } from '@tiptap/react';

export type CalloutKind = 'info' | 'warning' | 'tip';
export const CALLOUT_KINDS: CalloutKind[] = ['info', 'warning', 'tip'];

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    callout: {
      /** Wraps the selected blocks in a callout, or changes / removes (same kind again) the one around them. */
      toggleCallout: (kind: CalloutKind) => ReturnType;
    };
  }
}

/** A callout box, stored as `<div data-callout="info|warning|tip">…</div>` (the KB's rich-text allowlist keeps it). */
export const Callout = Node.create({
  name: 'callout',
  group: 'block',
  content: 'block+',
  defining: true,
  addAttributes() {
    return {
      kind: {
        default: 'info',
        parseHTML: (el) => el.getAttribute('data-callout') ?? 'info',
        renderHTML: (attrs) => ({ 'data-callout': attrs.kind as string }),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'div[data-callout]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['div', mergeAttributes(HTMLAttributes), 0];
  },
  addCommands() {
    return {
      toggleCallout: (kind) => ({ editor, commands }) => {
        if (editor.isActive('callout', { kind })) return commands.lift('callout');
        if (editor.isActive('callout')) return commands.updateAttributes('callout', { kind });
        return commands.wrapIn('callout', { kind });
      },
    };
  },
});
