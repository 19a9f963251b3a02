/*
 * mod_stdlib.h — the standard-library modules judge code leans on most:
 * collections, heapq, bisect, itertools, functools, operator (mod_<name>.c).
 *
 * Each init function is registered in the built-in module registry (obj_module.c)
 * and builds a fresh module object for the run (NULL + exception on failure).
 *
 * The hot paths (heap operations, bisection, deque, the itertools iterators, the
 * operator functions, reduce, lru_cache) are C. The parts CPython itself writes in
 * Python and whose cost is in user code anyway (namedtuple, Counter, OrderedDict,
 * ChainMap, total_ordering, wraps...) are Python source embedded in the C files and
 * executed into the module's dict at import by sp_stdlib_exec.
 */
#ifndef SP_MOD_STDLIB_H
#define SP_MOD_STDLIB_H

#include "object.h"

sp_val sp_collections_module_init(void);
sp_val sp_heapq_module_init(void);
sp_val sp_bisect_module_init(void);
sp_val sp_itertools_module_init(void);
sp_val sp_functools_module_init(void);
sp_val sp_operator_module_init(void);

/* Execute embedded Python `src` in module's dict (as if it were the module's source
 * file `filename`). 0 / -1. Defined in mod_functools.c. */
int sp_stdlib_exec(sp_val module, const char *src, const char *filename);

#endif
