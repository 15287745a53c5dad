/*
 * mangen: the generated parts of midosh(1), so that the man page cannot drift from the
 * grammar and the schema.
 *
 *   mangen FILE      print FILE with each generated block replaced by fresh text
 *
 * A block is the lines from `.\" BEGIN generated NAME` to `.\" END generated NAME`:
 *   commands   every verb with its forms and help (the verb table help shows)
 *   types      every object type as `describe TYPE` prints it (the schema table)
 * `make man` rewrites man/midosh.1 with it; tests/man checks that nothing changes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "parser/help.h"
#include "parser/parser.h"
#include "parser/schema.h"

/* Text for roff: backslashes and hyphens escaped, no control character at a line start. */
static void roff_text(struct strbuf *out, const char *s, size_t len)
{
    if (len && (s[0] == '.' || s[0] == '\''))
        strbuf_addstr(out, "\\&");
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\\')
            strbuf_addstr(out, "\\e");
        else if (s[i] == '-')
            strbuf_addstr(out, "\\-");
        else if (s[i] == '|')
            strbuf_addstr(out, "|\\:");   /* a long list of values may break after a bar */
        else
            strbuf_addch(out, s[i]);
    }
}

static void roff_line(struct strbuf *out, const char *s)
{
    roff_text(out, s, strlen(s));
    strbuf_addch(out, '\n');
}

static void gen_commands(struct strbuf *out)
{
    for (const struct verb_info *v = parser_verbs(); v->word; v++) {
        const char *u = v->usage;

        if (!v->help)
            continue;       /* a synonym: named in its verb's help */
        strbuf_addstr(out, ".TP\n");
        while (u && *u) {
            size_t len = strcspn(u, "\n");

            strbuf_addstr(out, ".B ");
            roff_text(out, u, len);
            strbuf_addch(out, '\n');
            u += len;
            if (*u) {
                u++;
                strbuf_addstr(out, ".PD 0\n.TP\n");
            }
        }
        strbuf_addstr(out, ".PD\n");
        roff_line(out, v->help);
    }
}

/* Is another type spelled like t? (the three kinds of "port") */
static bool shared_name(const struct type *t)
{
    for (enum type_id id = 0; id < T_COUNT; id++)
        if (schema_type(id) != t && !strcmp(schema_type(id)->name, t->name))
            return true;
    return false;
}

/*
 * One type: `describe TYPE`'s text as roff. Its layout: a first line "NAME: help",
 * plain lines, "heading:" lines, "  WORD   text" items and deeper-indented lines that
 * belong to the item above.
 */
static void gen_type(const struct type *t, struct strbuf *out)
{
    struct strbuf d = STRBUF_INIT;
    const char *p;

    describe_type(t, &d);
    strbuf_addstr(out, ".SS \"");
    roff_text(out, t->name, strlen(t->name));
    if (shared_name(t)) {
        strbuf_addstr(out, " (");
        roff_text(out, t->plural, strlen(t->plural));
        strbuf_addch(out, ')');
    }
    strbuf_addstr(out, "\"\n");
    p = strchr(d.buf, '\n');
    if (!strncmp(d.buf, t->name, strlen(t->name)) && d.buf[strlen(t->name)] == ':') {
        const char *h = d.buf + strlen(t->name) + 2;

        roff_text(out, h, p ? (size_t)(p - h) : strlen(h));
        strbuf_addstr(out, ".\n.br\n");
    }
    strbuf_addstr(out, ".PD 0\n");     /* lists without blank lines between items */
    for (p = p ? p + 1 : ""; *p; ) {
        size_t len = strcspn(p, "\n"), indent = strspn(p, " ");
        const char *s = p + indent;
        size_t slen = len - indent;

        if (indent == 0 && slen && s[slen - 1] == ':') {
            strbuf_addstr(out, ".PD\n.PP\n\\fI");
            roff_text(out, s, slen);
            strbuf_addstr(out, "\\fR\n.PD 0\n");
        } else if (indent == 0) {
            roff_text(out, s, slen);
            strbuf_addstr(out, "\n.br\n");
        } else if (indent == 2) {
            size_t w = strcspn(s, " ");
            size_t gap = strspn(s + w, " ");

            strbuf_addstr(out, ".TP 16\n.B ");
            roff_text(out, s, w);
            strbuf_addch(out, '\n');
            roff_text(out, s + w + gap, slen - w - gap);
            strbuf_addch(out, '\n');
        } else {
            size_t w = strcspn(s, ":");

            strbuf_addstr(out, ".br\n");
            if (w < slen) {
                strbuf_addstr(out, "\\(bu \\fB");
                roff_text(out, s, w);
                strbuf_addstr(out, "\\fR");
                roff_text(out, s + w, slen - w);
            } else {
                roff_text(out, s, slen);
            }
            strbuf_addch(out, '\n');
        }
        p += len + (p[len] == '\n');
    }
    strbuf_addstr(out, ".PD\n");
    strbuf_release(&d);
}

static void gen_types(struct strbuf *out)
{
    /* Ragged right: a long list of values broken after a bar cannot be adjusted. */
    strbuf_addstr(out, ".ad l\n");
    for (enum type_id id = 0; id < T_COUNT; id++)
        gen_type(schema_type(id), out);
    strbuf_addstr(out, ".ad\n");
}

static int generate(const char *name, struct strbuf *out)
{
    if (!strcmp(name, "commands"))
        gen_commands(out);
    else if (!strcmp(name, "types"))
        gen_types(out);
    else
        return error("unknown generated block '%s'", name);
    return 0;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    struct strbuf sb = STRBUF_INIT;
    char buf[8192];
    size_t n;

    if (!f) {
        error("cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(&sb, buf, n);
    fclose(f);
    return strbuf_detach(&sb);
}

int main(int argc, char **argv)
{
    static const char begin[] = ".\\\" BEGIN generated ", end[] = ".\\\" END generated ";
    struct strbuf out = STRBUF_INIT;
    char *text, *skip_to = NULL;
    int ret = 1;

    error_set_program("mangen");
    if (argc != 2) {
        fputs("usage: mangen FILE\n", stderr);
        return 2;
    }
    if (!(text = read_file(argv[1])))
        return 1;
    for (const char *p = text; *p; ) {
        size_t len = strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');
        char *line = xstrndup(p, len);

        p += len;
        if (skip_to) {
            if (!strncmp(line, skip_to, strlen(skip_to))) {
                strbuf_addstr(&out, line);
                free(skip_to);
                skip_to = NULL;
            }
        } else {
            strbuf_addstr(&out, line);
            if (!strncmp(line, begin, strlen(begin))) {
                char *name = xstrndup(line + strlen(begin), strcspn(line + strlen(begin), "\n"));

                skip_to = xasprintf("%s%s\n", end, name);
                if (generate(name, &out) < 0) {
                    free(name);
                    free(line);
                    goto out;
                }
                free(name);
            }
        }
        free(line);
    }
    if (skip_to) {
        error("no '%.*s' line in '%s'", (int)strlen(skip_to) - 1, skip_to, argv[1]);
        goto out;
    }
    fputs(out.buf, stdout);
    ret = 0;
out:
    free(skip_to);
    free(text);
    strbuf_release(&out);
    return ret;
}
