/*
 * wire.c — one message with descriptors attached, sent or received on a
 * SOCK_SEQPACKET socket: the only transport between the worker and the fork
 * server (sb_internal.h describes what travels on it).
 *
 * A SEQPACKET message arrives whole or not at all, so a message is one call; the
 * receiver rejects a message of the wrong size or with cut-off descriptors
 * (MSG_CTRUNC), and closes every descriptor it did not ask for, so a malformed
 * message can never leak one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sb_internal.h"

int sb_wire_send(int sock, const void *buf, size_t len, const int *fds, int nfds)
{
    union {
        char buf[CMSG_SPACE(sizeof(int) * SB_WIRE_MAX_FDS)];
        struct cmsghdr align;
    } u;
    struct iovec iov = {(void *)buf, len};
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
    if (nfds < 0 || nfds > SB_WIRE_MAX_FDS) return -EINVAL;
    if (nfds > 0) {
        memset(&u, 0, sizeof u);
        msg.msg_control = u.buf;
        msg.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)nfds);
    }
    ssize_t n;
    do
        n = sendmsg(sock, &msg, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n == (ssize_t)len ? 0 : (n < 0 ? -errno : -EIO);
}

/* Take up to max descriptors from the message's SCM_RIGHTS, closing the rest. */
static int take_fds(struct msghdr *msg, int *fds, int max)
{
    int got = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (int i = 0; i < count; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + (size_t)i * sizeof(int), sizeof fd);
            if (got < max)
                fds[got++] = fd;
            else
                close(fd);
        }
    }
    return got;
}

int sb_wire_recv(int sock, void *buf, size_t len, int *fds, int *nfds, int flags)
{
    union {
        char buf[CMSG_SPACE(sizeof(int) * SB_WIRE_MAX_FDS)];
        struct cmsghdr align;
    } u;
    struct iovec iov = {buf, len};
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    int max = *nfds;
    *nfds = 0;
    ssize_t n;
    do
        n = recvmsg(sock, &msg, flags | MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR && !(flags & MSG_DONTWAIT));
    if (n < 0) return -errno;
    if (n == 0) return 0;
    int got = take_fds(&msg, fds, max);
    if ((size_t)n != len || (msg.msg_flags & (MSG_CTRUNC | MSG_TRUNC))) {
        for (int i = 0; i < got; i++)
            close(fds[i]);
        return -EPROTO;
    }
    *nfds = got;
    return 1;
}
