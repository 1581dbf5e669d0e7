// The one escaping function for text a page chose, by table: what is escaped and how, what stays.
import * as assert from 'node:assert/strict';
import { printable } from '../../src/printable';

const TABLE: [string, string, string][] = [
  ['plain text', 'hello, world', 'hello, world'],
  ['LF', 'a\nb', 'a\\nb'],
  ['CR', 'a\rb', 'a\\rb'],
  ['CRLF', 'a\r\nb', 'a\\r\\nb'],
  ['TAB stays', 'a\tb', 'a\tb'],
  ['NUL', 'a\0b', 'a\\x00b'],
  ['BEL', 'a\x07b', 'a\\x07b'],
  ['backspace, vertical tab, form feed', '\b\v\f', '\\x08\\x0b\\x0c'],
  ['ESC of a colour (CSI)', '\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
  ['OSC retitling the terminal', '\x1b]0;owned\x07', '\\x1b]0;owned\\x07'],
  ['erase line and return', '\x1b[2K\rforged', '\\x1b[2K\\rforged'],
  ['unit separator (last C0)', '\x1f', '\\x1f'],
  ['DEL', '\x7f', '\\x7f'],
  ['C1: NEL', '\u0085', '\\x85'],
  ['C1: CSI', '\u009b2K', '\\x9b2K'],
  ['C1: last', '\u009f', '\\x9f'],
  ['line separator', 'a\u2028b', 'a\\u2028b'],
  ['paragraph separator', 'a\u2029b', 'a\\u2029b'],
  ['right-to-left override', 'a\u202eb', 'a\\u202eb'],
  ['first strong isolate', '\u2068x\u2069', '\\u2068x\\u2069'],
  ['no-break space stays', 'a\u00a0b', 'a\u00a0b'],
  ['letters of any script stay', 'é ü ß 日本 🙂', 'é ü ß 日本 🙂'],
  ['backslashes stay (paths)', 'C:\\Users\\me', 'C:\\Users\\me'],
  ['a forged line of another window', 'ok\n[window 9] error: FORGED', 'ok\\n[window 9] error: FORGED'],
];

describe('printable: text a page chose, on one line', () => {
  for (const [name, input, output] of TABLE) {
    it(name, () => assert.equal(printable(input), output));
  }

  it('leaves no character that breaks a line or starts an escape sequence, whatever the input', () => {
    let all = '';
    for (let c = 0; c < 0x3000; c++) all += String.fromCharCode(c);
    const out = printable(all);
    assert.doesNotMatch(out, /[\n\r\x0b\x0c\x1b\x07\x85\u2028\u2029\x00-\x08\x0e-\x1f\x7f-\x9f]/);
  });
});
