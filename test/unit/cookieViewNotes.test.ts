import * as assert from 'node:assert/strict';
import { closedWindowNote, cookieViewNote, httpOriginOf } from '../../src/extension/cookies/viewNotes';

describe('cookie view notes', () => {
  it('says nothing for a page on an http(s) origin', () => {
    assert.equal(cookieViewNote('http://127.0.0.1:8080/login', []), undefined);
    assert.equal(cookieViewNote('https://example.test/', ['https://cdn.example.test']), undefined);
  });

  it('explains an empty list on a file page', () => {
    const note = cookieViewNote('file:///home/u/site/index.html', []);
    assert.match(note ?? '', /Cookies belong to http\(s\) origins/);
    assert.match(note ?? '', /A file:\/\/ page has no cookies of its own/);
    assert.match(note ?? '', /If the page loads from http\(s\) origins.*the window's current URL/);
  });

  it('names the http(s) origins a file page loaded from and says whose cookies are shown', () => {
    const note = cookieViewNote('file:///site/index.html', ['http://127.0.0.1:3000', 'http://127.0.0.1:3000', 'https://api.test']) ?? '';
    assert.match(note, /loaded from http:\/\/127\.0\.0\.1:3000, https:\/\/api\.test:/);
    assert.match(note, /shows the cookies of the window's current URL only/);
  });

  it('shortens a long list of origins', () => {
    const note = cookieViewNote('file:///a.html', ['http://a.test', 'http://b.test', 'http://c.test', 'http://d.test', 'http://e.test']) ?? '';
    assert.match(note, /c\.test and 2 more/);
  });

  it('takes only http(s) origins from resource URLs', () => {
    assert.equal(httpOriginOf('http://127.0.0.1:3000/app.js?x=1'), 'http://127.0.0.1:3000');
    assert.equal(httpOriginOf('file:///a.js'), undefined);
    assert.equal(httpOriginOf('data:text/plain,x'), undefined);
    assert.equal(httpOriginOf('not a url'), undefined);
  });

  it('says plainly that a window was closed', () => {
    assert.equal(closedWindowNote(1), 'window 1 was closed');
  });
});
