import test from 'ava';
import { checkLoop, plusTag, stripPlus } from '../../../services/email/loop-guard';
import { splitReplyText, visibleHtml } from '../../../services/email/reply-split';
import { plusTicketNumber, subjectTicketNumber } from '../../../services/email/threading';
import { withSubjectTag } from '../../../services/email/email-templates';

test('Gmail "On … wrote:" (also wrapped over two lines) starts the quote', (t) => {
  const gmail = splitReplyText('Thanks, that fixed it.\n\nOn Mon, 23 Nov 2026 at 09:12, Help <help@x.test> wrote:\n> Try restarting.\n> Regards');
  t.is(gmail.visible, 'Thanks, that fixed it.');
  t.true(gmail.quoted.startsWith('On Mon, 23 Nov 2026'));
  const wrapped = splitReplyText('Yes.\n\nOn Mon, 23 Nov 2026 at 09:12, Help Desk of a Very Long Company Name <help@x.test>\nwrote:\n> Question?');
  t.is(wrapped.visible, 'Yes.');
});

test('Apple Mail, German clients, Outlook headers and "Original Message" separators start the quote', (t) => {
  t.is(splitReplyText('Done.\n\nOn 23 Nov 2026, at 09:12, Help <help@x.test> wrote:\n\n> old').visible, 'Done.');
  t.is(splitReplyText('Erledigt.\n\nAm 23.11.2026 um 09:12 schrieb Help <help@x.test>:\n> alt').visible, 'Erledigt.');
  t.is(splitReplyText('Noted.\n\n-----Original Message-----\nFrom: Help\nSent: Monday\nSubject: x\n\nold').visible, 'Noted.');
  const outlook = splitReplyText('See below.\n\n________________________________\nFrom: Help Desk <help@x.test>\nSent: Monday, November 23, 2026 9:12 AM\nTo: Ada\nSubject: Re: x\n\nold text');
  t.is(outlook.visible, 'See below.');
  t.is(splitReplyText('Ok.\n\nFrom: Help Desk <help@x.test>\nDate: Monday\nSubject: x\n\nold').visible, 'Ok.');
});

test('a trailing ">" block is quote; inline answers between quoted lines are kept whole', (t) => {
  const trailing = splitReplyText('New text.\n\n> old line 1\n> old line 2\n');
  t.is(trailing.visible, 'New text.');
  t.is(trailing.quoted, '> old line 1\n> old line 2');
  const inline = '> Which version?\n2.3\n> Which OS?\nLinux';
  t.is(splitReplyText(inline).visible, inline);
});

test('"-- " signatures and mobile footers are separated; a message that is only a quote is shown whole', (t) => {
  const sig = splitReplyText('Hello.\n-- \nAda Lovelace\nAnalytical Engines Ltd');
  t.is(sig.visible, 'Hello.');
  t.is(sig.signature, '-- \nAda Lovelace\nAnalytical Engines Ltd');
  t.is(splitReplyText('Fine.\n\nSent from my iPhone').visible, 'Fine.');
  t.is(splitReplyText('> only a quote').visible, '> only a quote');
});

test('HTML bodies are cut at the quote markers clients leave', (t) => {
  t.is(visibleHtml('<div>Thanks!</div><div class="gmail_quote">On … wrote:<blockquote>old</blockquote></div>'), '<div>Thanks!</div>');
  t.is(visibleHtml('<p>Yes</p><blockquote type="cite">old</blockquote>'), '<p>Yes</p>');
  t.is(visibleHtml('<p>Ok</p><div id="divRplyFwdMsg">From: …</div>'), '<p>Ok</p>');
  t.is(visibleHtml('<p>no quote here</p>'), null);
  t.is(visibleHtml('<div class="gmail_quote">only quote</div>'), null);
});

test('loop guard: auto-replies, bulk, lists, automatic senders and our own mail', (t) => {
  const base = { from: 'ada@c.test', messageId: 'x@c.test', ownAddresses: new Set(['help@x.test']), ownDomain: 'x.test' };
  const h = (o: Record<string, string>) => new Map(Object.entries(o));
  t.is(checkLoop({ ...base, headers: h({}) }), null);
  t.is(checkLoop({ ...base, headers: h({ 'auto-submitted': 'no' }) }), null);
  t.is(checkLoop({ ...base, headers: h({ 'auto-submitted': 'auto-replied' }) })?.kind, 'auto_reply');
  t.is(checkLoop({ ...base, headers: h({ precedence: 'junk' }) })?.kind, 'auto_reply');
  t.is(checkLoop({ ...base, headers: h({ 'x-autorespond': 'yes' }) })?.kind, 'auto_reply');
  t.is(checkLoop({ ...base, headers: h({ 'list-id': '<l.c.test>' }) })?.kind, 'auto_reply');
  t.is(checkLoop({ ...base, from: 'noreply@c.test', headers: h({}) })?.kind, 'auto_reply');
  t.is(checkLoop({ ...base, from: 'help+12@x.test', headers: h({}) })?.kind, 'loop');
  t.is(checkLoop({ ...base, messageId: 'om-1.1000@x.test', headers: h({}) })?.kind, 'loop');
});

test('ticket numbers from subjects and plus-addresses; the subject tag goes after Re:', (t) => {
  t.is(subjectTicketNumber('Re: [#1234] Printer'), 1234);
  t.is(subjectTicketNumber('About Ticket #77'), 77);
  t.is(subjectTicketNumber('ticket 88 still open'), 88);
  t.is(subjectTicketNumber('Order #1234'), null);
  t.is(plusTicketNumber(['a@b.test', 'help+1234@x.test']), 1234);
  t.is(plusTicketNumber(['help+news@x.test']), null);
  t.is(stripPlus('Help+1@X.test'), 'help@x.test');
  t.is(plusTag('help@x.test'), null);
  t.is(withSubjectTag('Re: Printer', 5), 'Re: [#5] Printer');
  t.is(withSubjectTag('Printer', 5), '[#5] Printer');
  t.is(withSubjectTag('Re: [#5] Printer', 5), 'Re: [#5] Printer');
});
