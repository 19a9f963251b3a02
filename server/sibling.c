/*
 * sibling.c — find the project's other executable next to this one.
 *
 * `sandpiper` (the command line, linked statically, also the sandbox's fork
 * server) and `sandpiper-server` (the HTTP daemon) are installed side by side:
 * `sandpiper serve` execs the daemon, and the daemon execs `sandpiper` as its fork
 * server. Looking next to /proc/self/exe (not in $PATH) means a daemon always
 * pairs with the fork server it was built with.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int sp_cli_sibling_path(const char *name, char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n < 0) return -errno;
    buf[n] = 0;
    char *slash = strrchr(buf, '/');
    if (!slash) return -ENOENT;
    size_t dir = (size_t)(slash - buf) + 1;
    if (dir + strlen(name) + 1 > size) return -ENAMETOOLONG;
    memcpy(buf + dir, name, strlen(name) + 1);
    return 0;
}
