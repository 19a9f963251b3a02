/*
 * auth.h — API keys. Each key has a name; an execution belongs to the name of the
 * key that created it, and only that key can read, list or delete it. Keys come
 * from a file (lines "name key", '#' comments) and/or SANDPIPER_API_KEYS
 * ("name:key,name:key"). No key ships with Sandpiper.
 */
#ifndef SP_AUTH_H
#define SP_AUTH_H
#include <stdbool.h>

typedef struct sp_keyring sp_keyring;

/* Load keys; 0 or -errno (*err says why). An empty keyring means "keys off". */
int sp_keyring_load(const char *file, const char *env_spec, sp_keyring **out, const char **err);
void sp_keyring_free(sp_keyring *k);
bool sp_keyring_enabled(const sp_keyring *k);
int sp_keyring_count(const sp_keyring *k);

typedef enum { SP_AUTH_OK, SP_AUTH_MISSING, SP_AUTH_INVALID } sp_auth_result;

/* Check an Authorization header value (may be NULL). On OK, *owner is the key's
 * name (borrowed from the keyring), or "" when keys are off. Constant-time in the
 * key comparison. */
sp_auth_result sp_keyring_check(const sp_keyring *k, const char *authorization, const char **owner);
#endif
