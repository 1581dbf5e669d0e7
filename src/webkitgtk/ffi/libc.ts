// koffi declarations of the C library functions the Linux engine calls. Strings the page chooses
// (URIs) come back as pointers: their length is checked with strnlen before any of it is copied
// into JS.
import { library } from './libraries';

export function declareLibc() {
  const libc = library('libc.so.6');
  return {
    strnlen: libc.func('size_t strnlen(const void *s, size_t maxlen)'),
  };
}
