import test from 'ava';
import { mapTelegramError } from '../../../plugins/telegram/src/telegram-api';
import { webhookSecretToken } from '../../../plugins/telegram/src/telegram-settings';
import { inboundFromUpdate, parseTelegramMessageId, telegramMessageId } from '../../../plugins/telegram/src/telegram-update';

const from = { id: 42, is_bot: false, first_name: 'Ada', last_name: 'Lovelace', username: 'ada', language_code: 'en' };
const chat = { id: 42, type: 'private' };

test('a text message becomes an inbound message keyed by chat and message id', (t) => {
  const m = inboundFromUpdate({ update_id: 1, message: { message_id: 7, from, chat, date: 1_700_000_000, text: 'Hello', reply_to_message: { message_id: 5 } } });
  t.deepEqual(m, {
    externalId: '42:7', chatId: '42', text: 'Hello',
    sender: { address: '42', displayName: 'Ada Lovelace', externalId: '42' },
    language: 'en', receivedAtMs: 1_700_000_000_000, files: [],
    metadata: { chat_type: 'private', username: '@ada', reply_to: '42:5' },
  });
});

test('a photo takes the largest size and the caption as text; a document keeps its name and type', (t) => {
  const photo = inboundFromUpdate({ update_id: 2, message: { message_id: 8, from, chat, date: 1, caption: 'see', photo: [
    { file_id: 'small', file_unique_id: 's', width: 90, height: 90, file_size: 100 },
    { file_id: 'big', file_unique_id: 'b', width: 800, height: 600, file_size: 5000 },
  ] } });
  t.is(photo?.text, 'see');
  t.deepEqual(photo?.files, [{ fileId: 'big', filename: 'photo-b.jpg', contentType: 'image/jpeg', size: 5000 }]);
  const doc = inboundFromUpdate({ update_id: 3, message: { message_id: 9, from, chat, date: 1, document: { file_id: 'd', file_unique_id: 'u', file_name: 'invoice.pdf', mime_type: 'application/pdf', file_size: 10 } } });
  t.is(doc?.text, '');
  t.deepEqual(doc?.files, [{ fileId: 'd', filename: 'invoice.pdf', contentType: 'application/pdf', size: 10 }]);
});

test('edits, bot messages and empty service messages are not inbound messages', (t) => {
  t.is(inboundFromUpdate({ update_id: 4, edited_message: { message_id: 1, from, chat, date: 1, text: 'x' } }), null);
  t.is(inboundFromUpdate({ update_id: 5, message: { message_id: 1, from: { ...from, is_bot: true }, chat, date: 1, text: 'x' } }), null);
  t.is(inboundFromUpdate({ update_id: 6, message: { message_id: 1, from, chat, date: 1 } }), null);
});

test('message ids round-trip, including negative group chat ids', (t) => {
  t.deepEqual(parseTelegramMessageId(telegramMessageId(-100123, 9)), { chatId: '-100123', messageId: 9 });
  t.is(parseTelegramMessageId('nonsense'), null);
  t.is(parseTelegramMessageId(''), null);
});

test('the webhook secret token is stable, allowed by Telegram, and changes with the bot token', (t) => {
  const a = webhookSecretToken('123:abc');
  t.regex(a, /^[A-Za-z0-9_-]{1,256}$/);
  t.is(a, webhookSecretToken('123:abc'));
  t.not(a, webhookSecretToken('123:abd'));
});

test('Bot API errors map to the contract\'s status codes', (t) => {
  const tooMany = mapTelegramError({ error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } }, 429);
  t.is(tooMany.code, 'resource_exhausted');
  t.is(tooMany.retryAfterSeconds, 7);
  t.is(mapTelegramError({ error_code: 400, description: 'Bad Request: chat not found' }, 400).code, 'invalid_argument');
  t.is(mapTelegramError({ error_code: 403, description: 'Forbidden: bot was blocked by the user' }, 403).code, 'failed_precondition');
  t.is(mapTelegramError({ error_code: 401, description: 'Unauthorized' }, 401).code, 'failed_precondition');
  t.is(mapTelegramError(undefined, 502).code, 'unavailable');
});
