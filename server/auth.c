/*
 * auth.c — the keyring: a small array of (name, key) pairs, compared in constant
 * time so response timing does not reveal how much of a guessed key was right.
 */
#include "auth.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct key_entry {
    char *name, *key;
} key_entry;

struct sp_keyring {
    key_entry *keys;
    int n, cap;
};

static int add_key(sp_keyring *k, const char *name, size_t nl, const char *key, size_t kl)
{
    if (nl == 0 || kl < 16) /* short keys are guessable: refuse them */
        return -EINVAL;
    if (k->n == k->cap) {
        int cap = k->cap ? k->cap * 2 : 8;
        key_entry *nk = realloc(k->keys, (size_t)cap * sizeof *nk);
        if (!nk) return -ENOMEM;
        k->keys = nk;
        k->cap = cap;
    }
    key_entry *e = &k->keys[k->n];
    e->name = strndup(name, nl);
    e->key = strndup(key, kl);
    if (!e->name || !e->key) {
        free(e->name);
        free(e->key);
        return -ENOMEM;
    }
    k->n++;
    return 0;
}

static int load_file(sp_keyring *k, const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f) return -errno;
    char line[1024];
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '#' || *p == 0) continue;
        char *name = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        size_t nl = (size_t)(p - name);
        while (isspace((unsigned char)*p))
            p++;
        char *key = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        rc = add_key(k, name, nl, key, (size_t)(p - key));
    }
    fclose(f);
    return rc;
}

static int load_env(sp_keyring *k, const char *spec)
{
    const char *p = spec;
    while (*p) {
        const char *end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        const char *colon = memchr(p, ':', (size_t)(end - p));
        if (!colon) return -EINVAL;
        int rc = add_key(k, p, (size_t)(colon - p), colon + 1, (size_t)(end - colon - 1));
        if (rc < 0) return rc;
        p = *end ? end + 1 : end;
    }
    return 0;
}

int sp_keyring_load(const char *file, const char *env_spec, sp_keyring **out, const char **err)
{
    sp_keyring *k = calloc(1, sizeof *k);
    if (!k) return -ENOMEM;
    int rc = 0;
    if (file && *file && (rc = load_file(k, file)) < 0)
        *err = "cannot read the keys file, or a key in it is shorter than 16 characters";
    if (rc == 0 && env_spec && *env_spec && (rc = load_env(k, env_spec)) < 0)
        *err = "SANDPIPER_API_KEYS must be name:key,... with keys of 16+ characters";
    if (rc < 0) {
        sp_keyring_free(k);
        return rc;
    }
    *out = k;
    return 0;
}

void sp_keyring_free(sp_keyring *k)
{
    if (!k) return;
    for (int i = 0; i < k->n; i++) {
        free(k->keys[i].name);
        free(k->keys[i].key);
    }
    free(k->keys);
    free(k);
}

bool sp_keyring_enabled(const sp_keyring *k)
{
    return k && k->n > 0;
}

int sp_keyring_count(const sp_keyring *k)
{
    return k ? k->n : 0;
}

static bool equal_ct(const char *a, size_t al, const char *b, size_t bl)
{
    unsigned char diff = (unsigned char)(al != bl);
    size_t n = al < bl ? al : bl;
    for (size_t i = 0; i < n; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
}

sp_auth_result sp_keyring_check(const sp_keyring *k, const char *authorization, const char **owner)
{
    *owner = "";
    if (!sp_keyring_enabled(k)) return SP_AUTH_OK;
    if (!authorization || strncasecmp(authorization, "Bearer ", 7) != 0) return SP_AUTH_MISSING;
    const char *given = authorization + 7;
    while (*given == ' ')
        given++;
    size_t gl = strlen(given);
    const char *match = NULL;
    for (int i = 0; i < k->n; i++) /* no early exit: every key is compared */
        if (equal_ct(given, gl, k->keys[i].key, strlen(k->keys[i].key))) match = k->keys[i].name;
    if (!match) return SP_AUTH_INVALID;
    *owner = match;
    return SP_AUTH_OK;
}
