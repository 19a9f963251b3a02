/*
 * allowlist.c — the seccomp allow-list compiled into the sandbox (sandbox/filter.c)
 * must be exactly the one documented in docs/sandbox.md: same syscalls, same
 * conditions, same order. Sanitizer builds also expect the sanitizer-only table.
 * The same for the fork server's own list.
 *
 *   sb_allowlist DOCS/sandbox.md
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sb_internal.h"

#define MAXROWS 64

typedef struct row {
    char name[64], cond[160];
} row;

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        s[--n] = 0;
    size_t k = strspn(s, " ");
    memmove(s, s + k, n - k + 1);
}

/* Rows "| `name` | condition |" between <!-- TAG:begin --> and <!-- TAG:end -->. */
static int read_table(const char *path, const char *tag, row *rows, int n)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(2);
    }
    char line[512], begin[64], end[64];
    snprintf(begin, sizeof begin, "<!-- %s:begin -->", tag);
    snprintf(end, sizeof end, "<!-- %s:end -->", tag);
    int inside = 0;
    while (fgets(line, sizeof line, f)) {
        if (strstr(line, begin)) {
            inside = 1;
            continue;
        }
        if (strstr(line, end)) break;
        char *a, *b;
        if (!inside || strncmp(line, "| `", 3) != 0 || !(a = strchr(line + 3, '`')) ||
            !(b = strchr(a, '|')))
            continue;
        if (n >= MAXROWS) break;
        *a = 0;
        snprintf(rows[n].name, sizeof rows[n].name, "%.63s", line + 3);
        char *c = b + 1, *e = strrchr(c, '|');
        if (e) *e = 0;
        snprintf(rows[n].cond, sizeof rows[n].cond, "%.159s", c);
        trim(rows[n].cond);
        n++;
    }
    fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s docs/sandbox.md\n", argv[0]);
        return 2;
    }
    row doc[MAXROWS];
    int ndoc = read_table(argv[1], "allowlist", doc, 0);
#ifdef SP_SANITIZE
    ndoc = read_table(argv[1], "allowlist-sanitize", doc, ndoc);
#endif
    int ncode;
    const sb_allow_rule *code = sb_filter_rules(&ncode);
    int failed = 0;
    for (int i = 0; i < ncode || i < ndoc; i++) {
        const char *cn = i < ncode ? code[i].syscall : "(none)";
        const char *cc = i < ncode ? code[i].condition : "";
        const char *dn = i < ndoc ? doc[i].name : "(none)";
        const char *dc = i < ndoc ? doc[i].cond : "";
        int same = strcmp(cn, dn) == 0 && strcmp(cc, dc) == 0;
        if (!same) {
            printf("FAIL row %d: filter.c has `%s` [%s], docs have `%s` [%s]\n", i + 1, cn, cc, dn,
                   dc);
            failed++;
        }
    }
    /* The fork server's own list, documented the same way. */
    row sdoc[MAXROWS];
    int nsdoc = read_table(argv[1], "allowlist-server", sdoc, 0), nserver;
    const sb_allow_rule *server = sb_filter_server_rules(&nserver);
    for (int i = 0; i < nserver || i < nsdoc; i++) {
        const char *cn = i < nserver ? server[i].syscall : "(none)";
        const char *cc = i < nserver ? server[i].condition : "";
        const char *dn = i < nsdoc ? sdoc[i].name : "(none)";
        const char *dc = i < nsdoc ? sdoc[i].cond : "";
        if (strcmp(cn, dn) != 0 || strcmp(cc, dc) != 0) {
            printf("FAIL fork server row %d: filter.c has `%s` [%s], docs have `%s` [%s]\n", i + 1,
                   cn, cc, dn, dc);
            failed++;
        }
    }
    /* And both lists compile, and the programs embedded at build time are what
     * libseccomp makes of the rules here and now, instruction for instruction. */
    for (int which = SB_FILTER_RUN; which <= SB_FILTER_SERVER; which++) {
        void *prog, *now = NULL;
        size_t len, now_len = 0;
        int rc = sb_filter_compile((sb_filter_kind)which, &prog, &len);
        if (rc < 0) {
            printf("FAIL allow-list %d does not compile: %d\n", which, rc);
            failed++;
            continue;
        }
        int built = sb_filter_build((sb_filter_kind)which, &now, &now_len);
        if (built < 0 || now_len != len || memcmp(now, prog, len) != 0) {
            printf("FAIL embedded seccomp program %d differs from the rules compiled now\n", which);
            failed++;
        }
        if (built == 0) free(now);
        free(prog);
    }
    printf("%d syscalls allowed, %d documented; fork server adds %d, %d documented\n", ncode, ndoc,
           nserver, nsdoc);
    printf("%d passed, %d failed\n", failed ? 0 : 1, failed ? 1 : 0);
    return failed ? 1 : 0;
}
