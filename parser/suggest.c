#include "parser/suggest.h"

#include <string.h>

size_t edit_distance(const char *a, const char *b, size_t max)
{
    size_t la = strlen(a), lb = strlen(b);
    /* Three rows of the distance table: two back (for transpositions), the last, this. */
    size_t rows[3][SUGGEST_MAX_LEN + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];

    if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
        return max + 1;
    if ((la > lb ? la - lb : lb - la) > max)
        return max + 1;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t low;

        cur[0] = i;
        low = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t d = prev[j - 1] + cost;

            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < d)
                d = prev2[j - 2] + 1;
            cur[j] = d;
            if (d < low)
                low = d;
        }
        if (low > max)
            return max + 1;     /* every later row is at least this far */
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb] > max ? max + 1 : prev[lb];
}

size_t suggest_max_edits(const char *word)
{
    size_t n = strlen(word);

    return n < 3 ? 0 : n < 6 ? 1 : 2;
}

/* Semantic near-misses: words from other tools, or another type's, for a keyword here. */
static const struct { const char *word, *keyword; } aliases[] = {
    { "net", "subnet" },            /* a DHCP subnet is its subnet, a router port's net */
    { "network", "subnet" },
    { "prefix", "subnet" },
    { "subnet", "net" },            /* a router port's or an advertised route's net */
    { "gateway", "gw" },
    { "protocol", "proto" },
    { "nw-proto", "proto" },
    { "dl-type", "ethertype" },
    { "position", "pos" },
    { "destination", "dst" },
    { "source", "src" },
    { "ls", "list" },
    { "get", "show" },
    { "new", "create" },
    { "rm", "delete" },
    { "remove", "delete" },
};

const char *suggest_alias(const char *word, const char *keyword)
{
    for (size_t k = 0; k < ARRAY_SIZE(aliases); k++)
        if (!strcmp(aliases[k].word, word) && !strcmp(aliases[k].keyword, keyword))
            return aliases[k].keyword;
    return NULL;
}

void suggest_init(struct suggest *s, const char *word)
{
    memset(s, 0, sizeof(*s));
    s->word = word;
    s->best = suggest_max_edits(word);
}

void suggest_try(struct suggest *s, const char *keyword)
{
    size_t d;

    if (!*s->word)
        return;
    d = suggest_alias(s->word, keyword) ? 0 : edit_distance(s->word, keyword, s->best);
    if (d > s->best)
        return;
    if (d < s->best) {
        s->best = d;
        s->nnames = 0;
    }
    for (size_t k = 0; k < s->nnames; k++)
        if (!strcmp(s->names[k], keyword))
            return;
    if (s->nnames < ARRAY_SIZE(s->names))
        s->names[s->nnames++] = keyword;
}

void suggest_text(const struct suggest *s, struct strbuf *out)
{
    if (!s->nnames)
        return;
    strbuf_addstr(out, " (did you mean ");
    for (size_t k = 0; k < s->nnames; k++)
        strbuf_addf(out, "%s'%s'", !k ? "" : k + 1 == s->nnames ? " or " : ", ", s->names[k]);
    strbuf_addstr(out, "?)");
}
