// koffi declarations of the the C library functions the Linux engine calls, each declared once.
import { library } from './libraries';

export function declareLibc() {
  const libc = library('libc.so.6');
  return {
    strnlen: libc.func('size_t strnlen(const void *s, size_t maxlen)'),
  };
}
