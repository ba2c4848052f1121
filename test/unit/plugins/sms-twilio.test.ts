import test from 'ava';
import { normalizePhone, parseKeyword } from '../../../plugins/sms-twilio/src/opt-out';
import { countSegments, smsEncoding } from '../../../plugins/sms-twilio/src/sms-segments';
import { mapTwilioError } from '../../../plugins/sms-twilio/src/twilio-api';
import { twilioSignature, validTwilioSignature } from '../../../plugins/sms-twilio/src/twilio-signature';
import { mapTwilioStatus } from '../../../plugins/sms-twilio/src/twilio-status';

// Twilio's published request-validation example (twilio-python/-php/-csharp test suites).
const TOKEN = '12345';
const URL_ = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };

test('signature: reproduces Twilio\'s documented vector', (t) => {
  t.is(twilioSignature(TOKEN, URL_, PARAMS), 'RSOYDt4T1cUTdK1PDd93/VVr8B8=');
  // Parameter order in the body does not matter: Twilio sorts by name.
  const shuffled = new URLSearchParams([['To', PARAMS.To], ['Digits', '1234'], ['From', PARAMS.From], ['CallSid', PARAMS.CallSid], ['Caller', PARAMS.Caller]]);
  t.true(validTwilioSignature(TOKEN, URL_, shuffled, 'RSOYDt4T1cUTdK1PDd93/VVr8B8='));
});

test('signature: repeated parameters are sorted and deduplicated like Twilio\'s own validators', (t) => {
  const repeated = new URLSearchParams([['Sid', 'CA123'], ['SidAccount', 'AC123'], ['Digits', '5678'], ['Digits', '1234'], ['Digits', '1234']]);
  t.is(twilioSignature(TOKEN, URL_, repeated), 'IK+Dwps556ElfBT0I3Rgjkr1wJU=');
});

test('signature: any change to token, URL, a value or the signature fails', (t) => {
  const params = new URLSearchParams(PARAMS);
  const good = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
  t.false(validTwilioSignature('other', URL_, params, good));
  t.false(validTwilioSignature(TOKEN, `${URL_}&x=1`, params, good));
  t.false(validTwilioSignature(TOKEN, URL_, new URLSearchParams({ ...PARAMS, Digits: '9999' }), good));
  t.false(validTwilioSignature(TOKEN, URL_, params, undefined));
  t.false(validTwilioSignature(TOKEN, URL_, params, ''));
  t.false(validTwilioSignature('', URL_, params, good));
});

test('segments: GSM-7 single, concatenated and extension characters', (t) => {
  t.deepEqual(countSegments('a'.repeat(160)), { encoding: 'GSM-7', units: 160, segments: 1 });
  t.deepEqual(countSegments('a'.repeat(161)), { encoding: 'GSM-7', units: 161, segments: 2 });
  t.deepEqual(countSegments('a'.repeat(306)), { encoding: 'GSM-7', units: 306, segments: 2 });
  t.deepEqual(countSegments('a'.repeat(307)), { encoding: 'GSM-7', units: 307, segments: 3 });
  // € and [ ] come from the extension table: two septets each.
  t.deepEqual(countSegments('€'.repeat(80)), { encoding: 'GSM-7', units: 160, segments: 1 });
  t.deepEqual(countSegments(`${'a'.repeat(159)}€`), { encoding: 'GSM-7', units: 161, segments: 2 });
  t.is(smsEncoding('Ça coûte 5€ à Zürich'), 'UCS-2'); // û is not in GSM 03.38
  t.is(smsEncoding('Hej! Åsa är här, @ 10:00 £5 ¿si?'), 'GSM-7');
});

test('segments: UCS-2 counts UTF-16 units (an emoji is two)', (t) => {
  t.deepEqual(countSegments('ж'.repeat(70)), { encoding: 'UCS-2', units: 70, segments: 1 });
  t.deepEqual(countSegments('ж'.repeat(71)), { encoding: 'UCS-2', units: 71, segments: 2 });
  t.deepEqual(countSegments('😀'.repeat(35)), { encoding: 'UCS-2', units: 70, segments: 1 });
  t.deepEqual(countSegments(`${'a'.repeat(134)}😀`), { encoding: 'UCS-2', units: 136, segments: 3 });
  t.deepEqual(countSegments(''), { encoding: 'GSM-7', units: 0, segments: 1 });
});

test('keywords: whole-message, case-insensitive, with synonyms', (t) => {
  for (const w of ['STOP', 'stop', ' Stop ', 'STOP.', 'stopall', 'UNSUBSCRIBE', 'cancel', 'End', 'quit!']) t.is(parseKeyword(w), 'opt_out', w);
  for (const w of ['START', 'start', 'Unstop']) t.is(parseKeyword(w), 'opt_in', w);
  for (const w of ['HELP', 'help?', 'info']) t.is(parseKeyword(w), 'help', w);
  for (const w of ['stop the delivery please', 'STOPP', 'I want to cancel my order', '', 'yes', 'halt']) t.is(parseKeyword(w), null, w);
});

test('phone numbers normalise to E.164 digits', (t) => {
  t.is(normalizePhone('+1 (415) 555-0100'), '+14155550100');
  t.is(normalizePhone('+14155550100'), '+14155550100');
});

test('status mapping covers the Messaging statuses', (t) => {
  t.is(mapTwilioStatus('queued'), 'QUEUED');
  t.is(mapTwilioStatus('accepted'), 'QUEUED');
  t.is(mapTwilioStatus('sending'), 'QUEUED');
  t.is(mapTwilioStatus('sent'), 'SENT');
  t.is(mapTwilioStatus('delivered'), 'DELIVERED');
  t.is(mapTwilioStatus('read'), 'READ');
  t.is(mapTwilioStatus('undelivered'), 'FAILED');
  t.is(mapTwilioStatus('failed'), 'FAILED');
  t.is(mapTwilioStatus('received'), null);
  t.is(mapTwilioStatus('bogus'), null);
});

test('Twilio errors map to the contract\'s status codes', (t) => {
  const code = (status: number, c?: number, retry?: string) => mapTwilioError(status, c === undefined ? undefined : { code: c, message: 'm' }, retry);
  t.is(code(400, 21211).code, 'invalid_argument');
  t.is(code(400, 21211).providerCode, '21211');
  t.is(code(400, 21610).code, 'failed_precondition');
  t.is(code(429, 20429, '3').code, 'resource_exhausted');
  t.is(code(429, 20429, '3').retryAfterSeconds, 3);
  t.is(code(400, 20429).code, 'resource_exhausted');
  t.is(code(500).code, 'unavailable');
  t.is(code(503, 20500).code, 'unavailable');
  t.is(code(401, 20003).code, 'failed_precondition');
});
