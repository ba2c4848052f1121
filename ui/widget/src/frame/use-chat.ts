/**
 * One live chat over the WebSocket (docs/chat.md): history from the entries API after `ready`, then events;
 * typing, read receipts, queue position, offline. Reconnects with backoff until the chat is closed.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, currentToken, type Entry, type Page } from './api';

export type ChatState = 'connecting' | 'waiting' | 'active' | 'offline' | 'closed';
export type ChatModel = {
  entries: Entry[]; state: ChatState; queuePosition: number | null; agentName: string | null; agentTyping: boolean;
  agentReadUpTo: number; needsEmail: boolean; offlineReason: string | null; disconnected: boolean;
};

type ChatEvent = Record<string, unknown> & { type: string };

export function useChat(ticketId: number) {
  const [m, setM] = useState<ChatModel>({
    entries: [], state: 'connecting', queuePosition: null, agentName: null, agentTyping: false, agentReadUpTo: 0,
    needsEmail: false, offlineReason: null, disconnected: false,
  });
  const ws = useRef<WebSocket | null>(null);
  const update = (patch: Partial<ChatModel> | ((p: ChatModel) => Partial<ChatModel>)) => setM((prev) => ({ ...prev, ...(typeof patch === 'function' ? patch(prev) : patch) }));
  const addEntries = (list: Entry[]) => update((p) => {
    const byId = new Map(p.entries.map((e) => [e.id, e]));
    for (const e of list) if (e.kind === 'customer_message' || e.kind === 'public_reply') byId.set(e.id, e);
    return { entries: [...byId.values()].sort((a, b) => a.id - b.id) };
  });

  useEffect(() => {
    let stopped = false;
    let finished = false; // closed or offline: no more reconnects
    let attempt = 0;
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    function handle(e: ChatEvent) {
      switch (e.type) {
        case 'ready': {
          const chat = e.chat as { state: ChatState; queuePosition: number | null; offlineReason: string | null; agentReadEntryId: number | null };
          update({ state: chat.state, queuePosition: chat.queuePosition, offlineReason: chat.offlineReason, agentReadUpTo: chat.agentReadEntryId ?? 0, disconnected: false });
          void api<Page<Entry>>('GET', `/tickets/${ticketId}/entries?limit=200`).then((p) => addEntries(p.data)).catch(() => undefined);
          break;
        }
        case 'message': {
          const entry = e.entry as Entry;
          addEntries([entry]);
          if (entry.author.type === 'worker') update({ agentTyping: false, state: 'active' });
          break;
        }
        case 'typing':
          if ((e.by as { type: string }).type === 'worker') {
            update({ agentTyping: e.typing === true });
            clearTimeout(typingTimer);
            typingTimer = setTimeout(() => update({ agentTyping: false }), 6000);
          }
          break;
        case 'read':
          if ((e.by as { type: string }).type === 'worker') update((p) => ({ agentReadUpTo: Math.max(p.agentReadUpTo, Number(e.upToEntryId)) }));
          break;
        case 'assigned': update({ state: 'active', agentName: (e.agent as { name?: string } | null)?.name ?? null, queuePosition: null }); break;
        case 'queue_position': update({ queuePosition: Number(e.position), state: 'waiting' }); break;
        case 'closed':
          finished = true;
          update({ state: e.emailTicket ? 'offline' : 'closed', needsEmail: e.needsEmail === true, offlineReason: typeof e.reason === 'string' ? e.reason : null });
          break;
      }
    }
    function connect() {
      const q = new URLSearchParams({ ticketId: String(ticketId), visitorToken: currentToken() ?? '' });
      const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/chat/ws?${q}`);
      ws.current = socket;
      socket.onopen = () => { attempt = 0; };
      socket.onmessage = (ev) => handle(JSON.parse(String(ev.data)) as ChatEvent);
      socket.onclose = () => {
        if (stopped || finished) return;
        update({ disconnected: true });
        setTimeout(connect, Math.min(15_000, 500 * 2 ** attempt++));
      };
    }
    connect();
    return () => {
      stopped = true;
      clearTimeout(typingTimer);
      ws.current?.close();
    };
  }, [ticketId]);

  const send = (msg: Record<string, unknown>) => {
    if (ws.current?.readyState === WebSocket.OPEN) ws.current.send(JSON.stringify(msg));
  };
  return { model: m, send, update };
}
