import test from 'ava';
import { toCsv } from '../../../core/csv';

test('CSV: RFC 4180 quoting, CRLF lines, empty nulls, formula cells defused', (t) => {
  const csv = toCsv(['name', 'n', 'note'], [
    ['plain', 1, null],
    ['with, comma', 2.5, 'say "hi"'],
    ['multi\nline', 0, undefined],
    ['=SUM(A1)', -3, '@cmd'],
  ]);
  t.is(csv, [
    'name,n,note',
    'plain,1,',
    '"with, comma",2.5,"say ""hi"""',
    '"multi\nline",0,',
    "'=SUM(A1),-3,'@cmd",
    '',
  ].join('\r\n'));
});
