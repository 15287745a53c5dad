#include <string.h>

#include "lib/util.h"
#include "tests/fuzz/fuzz.h"

char *fuzz_text(const uint8_t *data, size_t size)
{
    return xstrndup((const char *)data, size);
}
