/*
 * daemon_main.c — `sandpiper-server`, the HTTP/JSON daemon (what `sandpiper serve`
 * execs). A separate executable so that only the daemon loads libmicrohttpd (and
 * through it GnuTLS), SQLite and the thread library; serve.c has the start-up order.
 */
#include "cli.h"

int main(int argc, char **argv)
{
    return sp_cli_serve(argc, argv);
}
