/*
 * cli_check.c — `sandpiper check`: which protection layers are active on this host.
 *
 * The answer comes from sb_check(), which inspects a live sandboxed probe child
 * (not from what the code intends). Exit status: 0 when every mandatory layer is
 * active, 1 otherwise, 2 on usage errors, 70 when the sandbox cannot start.
 * `--json` prints {"layers": [{"name", "active", "mandatory", "detail"}], "ok"}.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "sandbox.h"

int sp_cli_check(int argc, char **argv)
{
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else {
            fprintf(strcmp(argv[i], "--help") ? stderr : stdout,
                    "usage: sandpiper check [--json]\n"
                    "Reports which sandbox layers (seccomp, no_new_privs, rlimits, uid_drop,\n"
                    "namespaces, cgroups) are active on this host, probing a real child.\n");
            return strcmp(argv[i], "--help") ? 2 : 0;
        }
    }
    int rc = sp_cli_start_sandbox();
    if (rc < 0) {
        fprintf(stderr, "sandpiper check: cannot start the sandbox: %s\n", strerror(-rc));
        return 70;
    }
    sb_check_report rep;
    rc = sb_check(&rep);
    sb_stop();
    if (rc < 0) {
        fprintf(stderr, "sandpiper check: probe failed: %s\n", strerror(-rc));
        return 70;
    }
    int ok = 1;
    for (int i = 0; i < rep.nlayers; i++)
        if (rep.layers[i].mandatory && !rep.layers[i].active) ok = 0;
    if (json) {
        json_t *layers = json_array();
        for (int i = 0; i < rep.nlayers; i++)
            json_array_append_new(
                layers, json_pack("{s:s, s:b, s:b, s:s}", "name", rep.layers[i].name, "active",
                                  rep.layers[i].active, "mandatory", rep.layers[i].mandatory,
                                  "detail", rep.layers[i].detail));
        json_t *o = json_pack("{s:o, s:b}", "layers", layers, "ok", ok);
        char *s = json_dumps(o, JSON_INDENT(2));
        if (s) puts(s);
        free(s);
        json_decref(o);
    } else {
        for (int i = 0; i < rep.nlayers; i++)
            printf("%-13s %-8s %s%s\n", rep.layers[i].name,
                   rep.layers[i].active ? "active" : "INACTIVE", rep.layers[i].detail,
                   rep.layers[i].mandatory ? "" : " (optional)");
        printf("%s\n", ok ? "all mandatory layers are active"
                          : "a mandatory layer is missing: runs will fail closed");
    }
    return ok ? 0 : 1;
}
