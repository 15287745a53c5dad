#include <stdio.h>
#include <string.h>

#include "lib/util.h"

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "--version")) {
        printf("midosh %s\n", MIDOSH_VERSION);
        return 0;
    }
    fprintf(stderr, "usage: midosh [options]\n");
    return 2;
}
