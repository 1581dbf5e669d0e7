/*
 * Runs the machine code of our COM objects' IUnknown slots (src/webview2/nativeUnknown.ts) as a
 * runtime calls it, on the machine it is for: built natively for x64 (the slots called with the
 * Microsoft ABI) and with an aarch64 cross compiler, run under qemu-aarch64 (Windows on ARM64 passes
 * these arguments as AAPCS64 does). It prints what the slots returned and left as one JSON object;
 * the test (test/linux/unknownStubs.test.ts) holds what they must be.
 *   usage: unknownStubs CODE_FILE QUERY_INTERFACE ADD_REF RELEASE COUNTER_AT
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__x86_64__)
#define SLOT_ABI __attribute__((ms_abi))
#else
#define SLOT_ABI
#endif

typedef int32_t (SLOT_ABI *QueryInterfaceFn)(void *self, const void *riid, void **out);
typedef uint32_t (SLOT_ABI *CountFn)(void *self);

/* The object layout the slots read: vtable, references, table id, the IID it answers. */
typedef struct { void *vtable; int32_t refs; int32_t pad; uint64_t id; uint8_t iid[16]; } Object;

static const uint8_t IID_IUNKNOWN[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46 };
static const uint8_t IID_OWN[16] = { 0x69, 0x50, 0x4f, 0x5a, 0x15, 0x5c, 0xc3, 0x47, 0x86, 0x46, 0xf4, 0xde, 0x1c, 0x11, 0x66, 0x70 };
static const uint8_t IID_OTHER[16] = { 0x69, 0x50, 0x4f, 0x5a, 0x15, 0x5c, 0xc3, 0x47, 0x86, 0x46, 0xf4, 0xde, 0x1c, 0x11, 0x66, 0x71 };
/* IUnknown's second half with another first half: not IUnknown. */
static const uint8_t IID_HALF[16] = { 1, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0, 0, 0, 0, 0, 0, 0x46 };

static QueryInterfaceFn query_interface;
static CountFn add_ref, release;
static int32_t released_to_zero;

enum { THREADS = 8, ROUNDS = 200000 };

static void *churn(void *object) {
  for (int i = 0; i < ROUNDS; i++) add_ref(object);
  for (int i = 0; i < ROUNDS; i++) release(object);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 6) { fprintf(stderr, "usage: %s CODE_FILE QUERY_INTERFACE ADD_REF RELEASE COUNTER_AT\n", argv[0]); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  static uint8_t code[4096];
  size_t size = fread(code, 1, sizeof code, f);
  fclose(f);
  size_t counter_at = strtoul(argv[5], NULL, 0);
  if (size == 0 || counter_at + 8 > size) { fprintf(stderr, "bad code file\n"); return 2; }
  uint64_t counter = (uint64_t)(uintptr_t)&released_to_zero;
  memcpy(code + counter_at, &counter, 8);
  uint8_t *memory = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) { perror("mmap"); return 2; }
  memcpy(memory, code, size);
  if (mprotect(memory, 4096, PROT_READ | PROT_EXEC) != 0) { perror("mprotect"); return 2; }
  __builtin___clear_cache((char *)memory, (char *)memory + size);
  query_interface = (QueryInterfaceFn)(void *)(memory + strtoul(argv[2], NULL, 0));
  add_ref = (CountFn)(void *)(memory + strtoul(argv[3], NULL, 0));
  release = (CountFn)(void *)(memory + strtoul(argv[4], NULL, 0));

  Object object = { .refs = 1, .id = 7 };
  memcpy(object.iid, IID_OWN, 16);
  void *out = NULL;
  printf("{\"addRef\":[%u,", add_ref(&object));
  printf("%u],", add_ref(&object));
  int32_t hr = query_interface(&object, IID_IUNKNOWN, &out);
  printf("\"queryIUnknown\":[%d,%d,%d],", hr, out == &object, object.refs);
  out = NULL;
  hr = query_interface(&object, IID_OWN, &out);
  printf("\"queryOwn\":[%d,%d,%d],", hr, out == &object, object.refs);
  out = &object;
  hr = query_interface(&object, IID_OTHER, &out);
  printf("\"queryOther\":[%d,%d,%d],", hr, out == NULL, object.refs);
  out = &object;
  hr = query_interface(&object, IID_HALF, &out);
  printf("\"queryHalf\":[%d,%d,%d],", hr, out == NULL, object.refs);
  printf("\"queryNoOut\":%d,", query_interface(&object, IID_IUNKNOWN, NULL));

  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; i++) pthread_create(&threads[i], NULL, churn, &object);
  for (int i = 0; i < THREADS; i++) pthread_join(threads[i], NULL);
  printf("\"afterThreads\":[%d,%d],", object.refs, released_to_zero);

  printf("\"release\":[");
  for (int left = object.refs; left > 0; left--) printf("%u%s", release(&object), left > 1 ? "," : "");
  printf("],\"releasedToZero\":%d}\n", released_to_zero);
  return 0;
}
