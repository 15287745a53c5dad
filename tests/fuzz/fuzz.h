/*
 * fuzz: the targets under tests/fuzz/ each define LLVMFuzzerTestOneInput(). `make fuzz`
 * links them with libFuzzer (clang); `make check` links them with replay.c, which feeds
 * them every file of the committed corpus tests/fuzz/corpus/TARGET/ under the sanitizers.
 */
#ifndef MIDOSH_FUZZ_H
#define MIDOSH_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The target's name: its corpus is tests/fuzz/corpus/FUZZ_NAME/ (replay.c). */
extern const char fuzz_name[];

/* data as a NUL-terminated string (the caller frees it); a NUL inside ends it early. */
char *fuzz_text(const uint8_t *data, size_t size);

#endif
