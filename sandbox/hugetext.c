/*
 * hugetext.c — the fork server's program text on one transparent huge page.
 *
 * Every run child is a fork of the fork server. The text of a file-backed
 * executable is mapped from the page cache, so fork() copies none of its page
 * table entries: each child faults its text back in (fault-around maps 16 pages
 * per fault) and unmaps it again at exit, run after run. Here the 2 MiB-aligned
 * range that holds the text is copied once into an anonymous huge page and moved
 * over the original (same bytes, same addresses, read + execute). fork() then
 * copies a single PMD entry, a child takes no fault on its text, and its exit
 * drops one entry.
 *
 * Only when it is safe and pays: every page of the range must belong to our own
 * executable and none may be writable (the range is the ELF header, the text and
 * the start of the read-only data, which becomes executable too), and the
 * kernel must really give a huge page (an anonymous copy in 4 KiB pages would make
 * every fork copy ~500 entries instead). Otherwise nothing changes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sb_internal.h"

#define HUGE_PAGE (2ul << 20)

extern char __executable_start[], etext[]; /* defined by the linker */

/* 0 when every byte of [start, end) is mapped, read-only, from one file. */
static int range_is_our_text(uintptr_t start, uintptr_t end)
{
    FILE *f = fopen("/proc/self/maps", "re");
    if (!f) return -errno;
    char line[512];
    uintptr_t covered = start;
    unsigned long inode = 0;
    int rc = 0;
    while (rc == 0 && covered < end && fgets(line, sizeof line, f)) {
        unsigned long lo, hi, ino;
        char perms[8];
        if (sscanf(line, "%lx-%lx %7s %*s %*s %lu", &lo, &hi, perms, &ino) != 4) continue;
        if (hi <= covered) continue;
        if (lo > covered || perms[1] == 'w' || ino == 0 || (inode && ino != inode)) rc = -EINVAL;
        inode = ino;
        covered = hi;
    }
    fclose(f);
    return rc == 0 && covered >= end ? 0 : -EINVAL;
}

/* 0 when the anonymous range at p is backed by a huge page. */
static int is_huge(const void *p)
{
    FILE *f = fopen("/proc/self/smaps", "re");
    if (!f) return -errno;
    char line[512];
    int in_vma = 0, rc = -ENOMEM;
    unsigned long kb;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
            in_vma = lo <= (uintptr_t)p && (uintptr_t)p < hi;
        else if (in_vma && sscanf(line, "AnonHugePages: %lu kB", &kb) == 1 &&
                 kb * 1024 >= HUGE_PAGE)
            rc = 0;
    }
    fclose(f);
    return rc;
}

int sb_hugetext(void)
{
    uintptr_t start = (uintptr_t)__executable_start & ~(HUGE_PAGE - 1);
    uintptr_t end = ((uintptr_t)etext + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    size_t len = end - start;
    if (end - start != HUGE_PAGE || range_is_our_text(start, end) < 0) return -ENOTSUP;
    char *raw = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED) return -errno;
    char *copy = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
    int rc = madvise(copy, len, MADV_HUGEPAGE) == 0 ? 0 : -errno;
    if (rc == 0) {
        memcpy(copy, (const void *)start, len);
        rc = is_huge(copy);
    }
    if (rc == 0 && mprotect(copy, len, PROT_READ | PROT_EXEC) != 0) rc = -errno;
    /* The one step that replaces the text we are running: the same bytes at the
     * same addresses, so execution continues unchanged after the call. */
    if (rc == 0 &&
        mremap(copy, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)start) == MAP_FAILED)
        rc = -errno;
    if (copy > raw) munmap(raw, (size_t)(copy - raw));
    munmap(copy + (rc == 0 ? len : 0), rc == 0 ? (size_t)(raw + len + HUGE_PAGE - copy - len)
                                               : (size_t)(raw + len + HUGE_PAGE - copy));
    return rc;
}
