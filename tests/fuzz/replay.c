/*
 * replay: run a fuzz target over its committed corpus (tests/fuzz/corpus/NAME/, from the
 * repository's top directory), or over the files given as arguments, without libFuzzer:
 * `make check` builds this with the ordinary compiler and the sanitizers. Prints
 * "ok - fuzz corpus NAME: N inputs" for tests/run; a sanitizer report ends it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "tests/fuzz/fuzz.h"

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    struct strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;

    if (!f) {
        printf("not ok - fuzz corpus %s: cannot read %s\n", fuzz_name, path);
        return -1;
    }
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(&sb, buf, n);
    fclose(f);
    LLVMFuzzerTestOneInput((const uint8_t *)sb.buf, sb.len);
    strbuf_release(&sb);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    char *dir = xasprintf("tests/fuzz/corpus/%s", fuzz_name);
    char **files = NULL;
    size_t n = 0, alloc = 0;
    int failed = 0;

    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            failed |= replay_file(argv[i]) < 0;
        return failed;
    }
    DIR *d = opendir(dir);
    struct dirent *de;

    if (!d) {
        printf("not ok - fuzz corpus %s: cannot open %s\n", fuzz_name, dir);
        return 1;
    }
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        ALLOC_GROW(files, n + 1, alloc);
        files[n++] = xasprintf("%s/%s", dir, de->d_name);
    }
    closedir(d);
    qsort(files, n, sizeof(*files), by_name);
    for (size_t i = 0; i < n; i++) {
        failed |= replay_file(files[i]) < 0;
        free(files[i]);
    }
    free(files);
    if (!failed && n)
        printf("ok - fuzz corpus %s: %zu inputs\n", fuzz_name, n);
    else if (!n)
        printf("not ok - fuzz corpus %s: %s is empty\n", fuzz_name, dir);
    free(dir);
    return failed || !n;
}
