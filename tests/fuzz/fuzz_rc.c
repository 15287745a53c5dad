/*
 * The rc file reader (~/.midonetrc, ConfigParser's syntax with interpolation): the input
 * is the file, read through options_load() as MIDOSH_RC, then every key asked for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/util.h"
#include "shell/options.h"
#include "tests/fuzz/fuzz.h"

const char fuzz_name[] = "rc";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *path;
    static const char *const keys[] = {
        "api_url", "username", "password", "project_id", "tenant", "zookeeper_hosts",
        "zookeeper_root", "missing",
    };
    char *argv[] = { "midosh", NULL };
    struct options o = { 0 };
    char *hosts = NULL, *root = NULL;
    FILE *f;

    if (!path) {
        const char *tmp = getenv("TMPDIR");

        path = xasprintf("%s/midosh-fuzz-rc-%ld", tmp && *tmp ? tmp : "/tmp", (long)getpid());
        setenv("MIDOSH_RC", path, 1);
        setenv("MIDOSH_MIDOLMAN_CONF", "", 1);
        unsetenv("MIDO_API_URL");
        unsetenv("MIDO_ZOOKEEPER_HOSTS");
        unsetenv("MIDO_ZOOKEEPER_ROOT");
        unsetenv("MIDO_PASSWORD");
        error_set_quiet(true);
    }
    f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    if (options_load(&o, 1, argv) == 0) {
        for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
            char *v = NULL;

            if (options_rc_get(&o, keys[i], &v) == 0)
                free(v);
        }
        if (options_zookeeper(&o, &hosts, &root) == 0) {
            free(hosts);
            free(root);
        }
    }
    options_release(&o);
    unlink(path);
    return 0;
}
