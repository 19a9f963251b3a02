/*
 * unicode_data.h — Unicode character properties and case mappings for str methods.
 *
 * The tables (unicode_data.c) are generated from CPython 3.11's unicodedata, so
 * predicates like str.isalpha() and mappings like str.upper() match CPython exactly.
 */
#ifndef SP_UNICODE_DATA_H
#define SP_UNICODE_DATA_H

#include <stdint.h>

#define SP_UC_ALPHA 0x1u
#define SP_UC_DECIMAL 0x2u
#define SP_UC_DIGIT 0x4u
#define SP_UC_NUMERIC 0x8u
#define SP_UC_SPACE 0x10u
#define SP_UC_PRINTABLE 0x20u
#define SP_UC_UPPER 0x40u
#define SP_UC_LOWER 0x80u
#define SP_UC_TITLE 0x100u
#define SP_UC_XID_CONTINUE 0x200u
#define SP_UC_XID_START 0x400u
#define SP_UC_CASED 0x800u
#define SP_UC_CASE_IGNORABLE 0x1000u

/* Property bits (SP_UC_*) of a code point; 0 for values past U+10FFFF. */
uint32_t sp_uc_flags(uint32_t cp);

/* Full case mappings: write 1..3 code points to out, return how many. */
int sp_uc_upper(uint32_t cp, uint32_t out[3]);
int sp_uc_lower(uint32_t cp, uint32_t out[3]);
int sp_uc_title(uint32_t cp, uint32_t out[3]);
int sp_uc_casefold(uint32_t cp, uint32_t out[3]);

/* Decimal digit value (0..9) of a code point, or -1 (int("١٢") needs it). */
int sp_uc_decimal(uint32_t cp);

#endif
