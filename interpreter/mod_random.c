/*
 * mod_random.c — the `random` module: CPython's Mersenne Twister, bit for bit.
 *
 * Design overview
 * ---------------
 * The generator core is C, as in CPython's _randommodule.c: the type
 * `_random.Random` holds the MT19937 state and provides random(), getrandbits(),
 * seed(), getstate() and setstate(). Seeding follows CPython 3.11 exactly: an int
 * seeds init_by_array() with the 32-bit words of its absolute value; a str/bytes
 * (version 2) is first turned into int.from_bytes(a + sha512(a).digest()); a
 * float seeds with its hash; no argument seeds from the clock (getrandom may be
 * forbidden by the sandbox).
 *
 * Everything CPython writes in Python (random.py: randrange via _randbelow with
 * getrandbits, choice, choices, shuffle, both sample algorithms, the
 * distributions, gauss with its cached second value) is embedded Python below,
 * in a class Random deriving from the C type, so the sequences drawn from a seed
 * are CPython's.
 */
#include "mod_stdlib2.h"

#include "gc.h"
#include "mod_stdlib.h"
#include "obj_int.h"
#include "obj_str.h"
#include "obj_type.h"

#include <assert.h>
#include <string.h>
#include <time.h>

/* ---- SHA-512 (FIPS 180-4), only for seeding from str/bytes ---------------------------- */

static const uint64_t sha512_k[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL,
    0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL,
    0xd807aa98a3030242ULL, 0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL, 0xc19bf174cf692694ULL,
    0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL,
    0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL, 0x06ca6351e003826fULL, 0x142929670a0e6e70ULL,
    0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL,
    0xd192e819d6ef5218ULL, 0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL,
    0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL,
    0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL,
    0xca273eceea26619cULL, 0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL,
    0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL, 0x431d67c49c100d4cULL,
    0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL,
};

#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

static void sha512_block(uint64_t h[8], const unsigned char *p)
{
    uint64_t w[80];
    for (int i = 0; i < 16; i++) {
        uint64_t v = 0;
        for (int j = 0; j < 8; j++)
            v = (v << 8) | p[i * 8 + j];
        w[i] = v;
    }
    for (int i = 16; i < 80; i++) {
        uint64_t s0 = ROTR64(w[i - 15], 1) ^ ROTR64(w[i - 15], 8) ^ (w[i - 15] >> 7);
        uint64_t s1 = ROTR64(w[i - 2], 19) ^ ROTR64(w[i - 2], 61) ^ (w[i - 2] >> 6);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint64_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 80; i++) {
        uint64_t S1 = ROTR64(e, 14) ^ ROTR64(e, 18) ^ ROTR64(e, 41);
        uint64_t ch = (e & f) ^ (~e & g);
        uint64_t t1 = hh + S1 + ch + sha512_k[i] + w[i];
        uint64_t S0 = ROTR64(a, 28) ^ ROTR64(a, 34) ^ ROTR64(a, 39);
        uint64_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint64_t t2 = S0 + maj;
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    h[5] += f;
    h[6] += g;
    h[7] += hh;
}

static void sha512(const unsigned char *data, size_t n, unsigned char out[64])
{
    uint64_t h[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
                     0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
                     0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
    size_t i = 0;
    for (; i + 128 <= n; i += 128)
        sha512_block(h, data + i);
    unsigned char tail[256] = {0};
    size_t rest = n - i;
    memcpy(tail, data + i, rest);
    tail[rest] = 0x80;
    size_t tlen = rest + 1 + 16 <= 128 ? 128 : 256;
    uint64_t bits = (uint64_t)n * 8; /* the high 64 bits of the 128-bit length are 0 here */
    for (int j = 0; j < 8; j++)
        tail[tlen - 1 - j] = (unsigned char)(bits >> (8 * j));
    for (size_t off = 0; off < tlen; off += 128)
        sha512_block(h, tail + off);
    for (int j = 0; j < 8; j++)
        for (int k = 0; k < 8; k++)
            out[j * 8 + k] = (unsigned char)(h[j] >> (56 - 8 * k));
}

/* ---- MT19937 ----------------------------------------------------------------------------- */

#define MT_N 624
#define MT_M 397

/* Invariant: 0 <= index <= MT_N (index == MT_N: the next draw regenerates the block). */
typedef struct mt_obj {
    sp_object ob;
    uint32_t state[MT_N];
    int index;
} mt_obj;

static void init_genrand(mt_obj *self, uint32_t s)
{
    uint32_t *mt = self->state;
    mt[0] = s;
    for (int i = 1; i < MT_N; i++)
        mt[i] = 1812433253U * (mt[i - 1] ^ (mt[i - 1] >> 30)) + (uint32_t)i;
    self->index = MT_N;
}

static void init_by_array(mt_obj *self, const uint32_t *key, size_t len)
{
    uint32_t *mt = self->state;
    init_genrand(self, 19650218U);
    size_t i = 1, j = 0;
    for (size_t k = MT_N > len ? MT_N : len; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint32_t)j;
        i++;
        j++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
        if (j >= len) j = 0;
    }
    for (size_t k = MT_N - 1; k; k--) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U)) - (uint32_t)i;
        i++;
        if (i >= MT_N) {
            mt[0] = mt[MT_N - 1];
            i = 1;
        }
    }
    mt[0] = 0x80000000U; /* MSB is 1, assuring a non-zero initial array */
}

static uint32_t genrand_uint32(mt_obj *self)
{
    static const uint32_t mag01[2] = {0x0U, 0x9908b0dfU};
    uint32_t *mt = self->state, y;
    assert(self->index >= 0 && self->index <= MT_N);
    if (self->index >= MT_N) {
        int kk;
        for (kk = 0; kk < MT_N - MT_M; kk++) {
            y = (mt[kk] & 0x80000000U) | (mt[kk + 1] & 0x7fffffffU);
            mt[kk] = mt[kk + MT_M] ^ (y >> 1) ^ mag01[y & 1U];
        }
        for (; kk < MT_N - 1; kk++) {
            y = (mt[kk] & 0x80000000U) | (mt[kk + 1] & 0x7fffffffU);
            mt[kk] = mt[kk + (MT_M - MT_N)] ^ (y >> 1) ^ mag01[y & 1U];
        }
        y = (mt[MT_N - 1] & 0x80000000U) | (mt[0] & 0x7fffffffU);
        mt[MT_N - 1] = mt[MT_M - 1] ^ (y >> 1) ^ mag01[y & 1U];
        self->index = 0;
    }
    y = mt[self->index++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= (y >> 18);
    return y;
}

/* ---- seeding ------------------------------------------------------------------------------ */

/* Seed from the bytes of a big-endian unsigned integer (leading zero bytes ignored),
 * i.e. from int.from_bytes(data) as CPython's init_by_array sees it. */
static int seed_from_be_bytes(mt_obj *self, const unsigned char *data, size_t n)
{
    while (n > 0 && data[0] == 0) {
        data++;
        n--;
    }
    size_t nwords = n ? (n + 3) / 4 : 1;
    uint32_t *key = sp_mem_calloc(nwords, sizeof(uint32_t));
    if (!key) return -1;
    for (size_t b = 0; b < n; b++) /* byte b counted from the least significant end */
        key[b / 4] |= (uint32_t)data[n - 1 - b] << (8 * (b % 4));
    init_by_array(self, key, nwords);
    sp_mem_free(key, nwords * sizeof(uint32_t));
    return 0;
}

static int seed_from_int(mt_obj *self, sp_val v)
{
    if (sp_is_small(v)) {
        int64_t i = sp_small_value(v);
        uint64_t u = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
        uint32_t key[2] = {(uint32_t)u, (uint32_t)(u >> 32)};
        init_by_array(self, key, key[1] ? 2 : 1);
        return 0;
    }
    sp_int *bi = (sp_int *)sp_int_exact(v);
    if (!bi) return -1;
    if (sp_is_small((sp_val)bi)) return seed_from_int(self, (sp_val)bi);
    size_t n = (size_t)(bi->size < 0 ? -bi->size : bi->size);
    if (n == 0) {
        uint32_t zero = 0;
        init_by_array(self, &zero, 1);
        return 0;
    }
    init_by_array(self, bi->digits, n);
    return 0;
}

static int seed_from_clock(mt_obj *self)
{
    struct timespec a, b;
    clock_gettime(CLOCK_REALTIME, &a);
    clock_gettime(CLOCK_MONOTONIC, &b);
    uint32_t key[6] = {(uint32_t)a.tv_sec,  (uint32_t)((uint64_t)a.tv_sec >> 32),
                       (uint32_t)a.tv_nsec, (uint32_t)b.tv_nsec,
                       (uint32_t)b.tv_sec,  (uint32_t)(uintptr_t)self};
    init_by_array(self, key, 6);
    return 0;
}

static sp_val mt_seed(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    static const char *const names[] = {"n", "version", NULL};
    sp_val a = sp_None, version = sp_small(2);
    if (sp_parse_args("seed", args, nargs, kw, "|OO", names, &a, &version) < 0) return NULL;
    mt_obj *mt = (mt_obj *)self;
    int rc;
    if (a == sp_None) {
        rc = seed_from_clock(mt);
    } else if (sp_int_check(a)) {
        rc = seed_from_int(mt, a);
    } else if (sp_str_check(a) || sp_bytes_check(a) || sp_bytearray_check(a)) {
        const char *data;
        size_t n;
        if (sp_str_check(a)) {
            data = ((sp_str *)a)->data;
            n = ((sp_str *)a)->size;
        } else {
            sp_bytes_view(a, &data, &n);
        }
        unsigned char *buf = sp_mem_alloc(n + 64);
        if (!buf) return NULL;
        memcpy(buf, data, n);
        sha512((const unsigned char *)data, n, buf + n);
        rc = seed_from_be_bytes(mt, buf, n + 64);
        sp_mem_free(buf, n + 64);
    } else if (sp_isinstance(a, &sp_type_float)) {
        int64_t h;
        if (sp_hash(a, &h) < 0) return NULL;
        rc = seed_from_int(mt, sp_int_from_u64((uint64_t)h)); /* (size_t)hash, as CPython */
    } else {
        return sp_err_set(&sp_exc_TypeError, "The only supported seed types are: None,\n"
                                             "int, float, str, bytes, and bytearray.");
    }
    (void)version;
    return rc < 0 ? NULL : sp_None;
}

/* ---- drawing ------------------------------------------------------------------------------ */

static sp_val mt_random(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("random", kw) < 0 || sp_check_nargs("random", nargs, 0, 0) < 0) return NULL;
    (void)args;
    mt_obj *mt = (mt_obj *)self;
    uint32_t a = genrand_uint32(mt) >> 5, b = genrand_uint32(mt) >> 6;
    return sp_float_new((a * 67108864.0 + b) * (1.0 / 9007199254740992.0));
}

static sp_val mt_getrandbits(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("getrandbits", kw) < 0 || sp_check_nargs("getrandbits", nargs, 1, 1) < 0)
        return NULL;
    if (sp_isinstance(args[0], &sp_type_float))
        return sp_err_set(&sp_exc_TypeError, "'float' object cannot be interpreted as an integer");
    bool overflow = false;
    int64_t k = sp_index(args[0], &overflow);
    if (k == -1 && sp_err_occurred()) return NULL;
    if (overflow)
        return sp_err_set(&sp_exc_OverflowError, "Python int too large to convert to C int");
    if (k < 0) return sp_err_set(&sp_exc_ValueError, "number of bits must be non-negative");
    mt_obj *mt = (mt_obj *)self;
    if (k == 0) return sp_small(0);
    if (k <= 32) return sp_small(genrand_uint32(mt) >> (32 - k));
    if (k <= 62) {
        uint64_t lo = genrand_uint32(mt);
        uint64_t hi = genrand_uint32(mt) >> (64 - k);
        return sp_int_from_u64(lo | (hi << 32));
    }
    /* Least significant word first, as CPython fills its word array. */
    sp_val result = sp_small(0);
    for (int64_t shift = 0; k > 0; shift += 32, k -= 32) {
        uint32_t r = genrand_uint32(mt);
        if (k < 32) r >>= (32 - k);
        if (r == 0) continue;
        sp_val part = sp_int_lshift(sp_int_from_u64(r), sp_small(shift));
        if (!part || !(result = sp_int_or(result, part))) return NULL;
    }
    return result;
}

static sp_val mt_getstate(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("getstate", kw) < 0 || sp_check_nargs("getstate", nargs, 0, 0) < 0)
        return NULL;
    (void)args;
    mt_obj *mt = (mt_obj *)self;
    sp_val t = sp_tuple_new(MT_N + 1);
    if (!t) return NULL;
    sp_tuple *tt = (sp_tuple *)t;
    for (int i = 0; i < MT_N; i++)
        tt->items[i] = sp_small(mt->state[i]);
    tt->items[MT_N] = sp_small(mt->index);
    return t;
}

static sp_val mt_setstate(sp_val self, sp_val const *args, size_t nargs, sp_val kw)
{
    if (sp_no_kwargs("setstate", kw) < 0 || sp_check_nargs("setstate", nargs, 1, 1) < 0)
        return NULL;
    sp_val st = args[0];
    if (!sp_isinstance(st, &sp_type_tuple))
        return sp_err_set(&sp_exc_TypeError, "state vector must be a tuple");
    sp_tuple *t = (sp_tuple *)st;
    if (t->len != MT_N + 1) return sp_err_set(&sp_exc_ValueError, "state vector is the wrong size");
    uint32_t tmp[MT_N];
    for (int i = 0; i < MT_N; i++) {
        if (!sp_int_check(t->items[i]))
            return sp_err_set(&sp_exc_TypeError, "state vector items must be integers");
        int64_t v;
        if (sp_int_to_i64(t->items[i], &v) < 0) return NULL;
        tmp[i] = (uint32_t)v;
    }
    int64_t index;
    if (!sp_int_check(t->items[MT_N]))
        return sp_err_set(&sp_exc_TypeError, "state vector items must be integers");
    if (sp_int_to_i64(t->items[MT_N], &index) < 0) return NULL;
    if (index < 0 || index > MT_N) return sp_err_set(&sp_exc_ValueError, "invalid state");
    mt_obj *mt = (mt_obj *)self;
    memcpy(mt->state, tmp, sizeof tmp);
    mt->index = (int)index;
    return sp_None;
}

static sp_val mt_new(sp_type *type, sp_val const *args, size_t nargs, sp_val kw)
{
    (void)args;
    (void)nargs;
    (void)kw;
    mt_obj *mt = sp_gc_new(type, type->basic_size);
    if (!mt) return NULL;
    seed_from_clock(mt);
    return &mt->ob;
}

static const sp_method_def mt_methods[] = {
    {"seed", mt_seed, 0},         {"random", mt_random, 0},     {"getrandbits", mt_getrandbits, 0},
    {"getstate", mt_getstate, 0}, {"setstate", mt_setstate, 0}, {NULL, NULL, 0},
};

static sp_type sp_type_mt = {
    .name = "Random",
    .basic_size = sizeof(mt_obj),
    .flags = SP_TF_BASETYPE,
    .tp_new = mt_new,
    .getattr = sp_generic_getattr,
    .setattr = sp_generic_setattr,
};

/* ---- the Python half (CPython's random.py, 3.11) ------------------------------------------- */

/* The Python part of this module lives in interpreter/lib/random.py, embedded into
 * the binary at build time (interpreter/CMakeLists.txt). */
extern const char sp_lib_random_py[];

sp_val sp_random_module_init(void)
{
    if (sp_type_ready(&sp_type_mt, mt_methods, NULL) < 0) return NULL;
    if (!(sp_type_mt.module_name = sp_str_intern("_random"))) return NULL;
    sp_val m = sp_module_new("random");
    if (!m || sp_module_add(m, "_CRandom", &sp_type_mt.ob) < 0 ||
        sp_stdlib_exec(m, sp_lib_random_py, "random.py") < 0)
        return NULL;
    return m;
}
