/*
 * mod_time.c — the `time` module.
 *
 * Design overview
 * ---------------
 * Clocks come from clock_gettime (a vDSO call, allowed by the sandbox):
 * CLOCK_REALTIME for time(), CLOCK_MONOTONIC for monotonic()/perf_counter(),
 * CLOCK_PROCESS_CPUTIME_ID for process_time(). sleep() uses clock_nanosleep on
 * an absolute monotonic deadline so EINTR restarts lose no time; it counts
 * against the run's wall-clock limit like any other waiting.
 *
 * The sandbox has no time zone database (reading /etc/localtime is a file
 * access), so local time is UTC: localtime() == gmtime(), timezone == 0. For the
 * same reason nothing here calls libc's gmtime_r/strftime/timegm: glibc runs
 * tzset() inside them, which opens /etc/localtime and would be killed by the
 * seccomp filter. Calendar arithmetic (Hinnant's days<->civil algorithms) and a
 * C-locale strftime are done by hand. struct_time is a struct sequence (mod_sys.h).
 */
#include "mod_time.h"

#include <errno.h>
#include <stdio.h> /* snprintf only */
#include <math.h>
#include <string.h>
#include <time.h>

#include "mod_sys.h"
#include "obj_float.h"

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0) return 0;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int no_args(const char *fname, size_t nargs, sp_val kwnames)
{
    if (kwnames && ((sp_tuple *)kwnames)->len) {
        sp_err_set(&sp_exc_TypeError, "time.%s() takes no keyword arguments", fname);
        return -1;
    }
    if (nargs) {
        sp_err_set(&sp_exc_TypeError, "time.%s() takes no arguments (%d given)", fname, (int)nargs);
        return -1;
    }
    return 0;
}

#define CLOCK_FUNCS(name, clock)                                                                   \
    static sp_val time_##name(sp_val self, sp_val const *args, size_t nargs, sp_val kw)            \
    {                                                                                              \
        if (no_args(#name, nargs, kw) < 0) return NULL;                                            \
        return sp_float_new((double)clock_ns(clock) * 1e-9);                                       \
    }                                                                                              \
    static sp_val time_##name##_ns(sp_val self, sp_val const *args, size_t nargs, sp_val kw)       \
    {                                                                                              \
        if (no_args(#name "_ns", nargs, kw) < 0) return NULL;                                      \
        return sp_int_from_i64(clock_ns(clock));                                                   \
    }

CLOCK_FUNCS(time, CLOCK_REALTIME)
CLOCK_FUNCS(monotonic, CLOCK_MONOTONIC)
CLOCK_FUNCS(perf_counter, CLOCK_MONOTONIC)
CLOCK_FUNCS(process_time, CLOCK_PROCESS_CPUTIME_ID)
CLOCK_FUNCS(thread_time, CLOCK_THREAD_CPUTIME_ID)

/* A seconds argument: int or float (anything else as CPython words it). */
static int seconds_arg(sp_val v, double *out)
{
    if (sp_is_small(v)) {
        *out = (double)sp_small_value(v);
        return 0;
    }
    if (sp_float_check(v)) {
        *out = ((sp_float *)v)->value;
        return 0;
    }
    if (sp_int_check(v)) {
        *out = sp_int_to_double(v);
        return *out == -1.0 && sp_err_occurred() ? -1 : 0;
    }
    if (sp_type_lookup(sp_typeof(v), sp_str_intern("__float__"))) {
        *out = sp_float_as_double(v);
        return *out == -1.0 && sp_err_occurred() ? -1 : 0;
    }
    sp_err_set(&sp_exc_TypeError, "'%s' object cannot be interpreted as an integer",
               sp_type_name(v));
    return -1;
}

static sp_val time_sleep(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (kwnames && ((sp_tuple *)kwnames)->len)
        return sp_err_set(&sp_exc_TypeError, "time.sleep() takes no keyword arguments");
    if (nargs != 1)
        return sp_err_set(&sp_exc_TypeError, "time.sleep() takes exactly one argument (%d given)",
                          (int)nargs);
    double secs;
    if (seconds_arg(args[0], &secs) < 0) return NULL;
    if (isnan(secs)) return sp_err_set(&sp_exc_ValueError, "Invalid value NaN (not a number)");
    if (secs < 0) return sp_err_set(&sp_exc_ValueError, "sleep length must be non-negative");
    if (secs > 9.2e9) return sp_err_set(&sp_exc_OverflowError, "sleep length is too large");
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    int64_t ns = (int64_t)(secs * 1e9);
    deadline.tv_sec += ns / 1000000000;
    deadline.tv_nsec += ns % 1000000000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000;
    }
    int rc;
    while ((rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL)) == EINTR)
        ;
    if (rc != 0)
        return sp_err_set(&sp_exc_OSError, "[Errno %d] clock_nanosleep failed",
                          rc); /* no strerror: it may load locale files */
    return sp_None;
}

/* ---- calendar arithmetic (proleptic Gregorian, UTC) ---------------------------- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Seconds since the epoch to a broken-down UTC time (struct tm conventions). */
static void utc_breakdown(int64_t t, struct tm *tm)
{
    int64_t days = floor_div(t, 86400), secs = t - days * 86400, y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    memset(tm, 0, sizeof *tm);
    tm->tm_year = (int)(y - 1900);
    tm->tm_mon = m - 1;
    tm->tm_mday = d;
    tm->tm_hour = (int)(secs / 3600);
    tm->tm_min = (int)(secs % 3600 / 60);
    tm->tm_sec = (int)(secs % 60);
    tm->tm_wday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday (4) */
    tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
}

/* The inverse, normalising out-of-range months like mktime() does. */
static int64_t utc_seconds(const struct tm *tm)
{
    int64_t y = (int64_t)tm->tm_year + 1900, mon = tm->tm_mon;
    y += floor_div(mon, 12);
    mon -= floor_div(mon, 12) * 12;
    int64_t days = days_from_civil(y, mon + 1, 1) + tm->tm_mday - 1;
    return days * 86400 + (int64_t)tm->tm_hour * 3600 + (int64_t)tm->tm_min * 60 + tm->tm_sec;
}

static int64_t now_seconds(void)
{
    return floor_div(clock_ns(CLOCK_REALTIME), 1000000000);
}

static const char *const day_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};
static const char *const month_names[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

static int append_num(sp_buf *b, int64_t v, int width, char pad)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof tmp, pad == '0' ? "%0*lld" : "%*lld", width, (long long)v);
    return sp_buf_append(b, tmp, (size_t)n);
}

/* strftime in the C locale for a UTC time. Unknown directives are copied. */
static int format_time(sp_buf *b, const char *fmt, const struct tm *tm)
{
    int rc = 0;
    int wday = ((tm->tm_wday % 7) + 7) % 7, mon = ((tm->tm_mon % 12) + 12) % 12;
    for (const char *p = fmt; *p && rc == 0; p++) {
        if (*p != '%' || !p[1]) {
            rc = sp_buf_append_char(b, *p);
            continue;
        }
        char c = *++p;
        int hour12 = tm->tm_hour % 12 == 0 ? 12 : tm->tm_hour % 12;
        switch (c) {
        case 'a':
            rc = sp_buf_append(b, day_names[wday], 3);
            break;
        case 'A':
            rc = sp_buf_append_cstr(b, day_names[wday]);
            break;
        case 'b':
        case 'h':
            rc = sp_buf_append(b, month_names[mon], 3);
            break;
        case 'B':
            rc = sp_buf_append_cstr(b, month_names[mon]);
            break;
        case 'c':
            rc = format_time(b, "%a %b %e %H:%M:%S %Y", tm);
            break;
        case 'C':
            rc = append_num(b, ((int64_t)tm->tm_year + 1900) / 100, 1, '0');
            break;
        case 'd':
            rc = append_num(b, tm->tm_mday, 2, '0');
            break;
        case 'D':
        case 'x':
            rc = format_time(b, "%m/%d/%y", tm);
            break;
        case 'e':
            rc = append_num(b, tm->tm_mday, 2, ' ');
            break;
        case 'F':
            rc = format_time(b, "%Y-%m-%d", tm);
            break;
        case 'H':
            rc = append_num(b, tm->tm_hour, 2, '0');
            break;
        case 'I':
            rc = append_num(b, hour12, 2, '0');
            break;
        case 'j':
            rc = append_num(b, tm->tm_yday + 1, 3, '0');
            break;
        case 'm':
            rc = append_num(b, mon + 1, 2, '0');
            break;
        case 'M':
            rc = append_num(b, tm->tm_min, 2, '0');
            break;
        case 'n':
            rc = sp_buf_append_char(b, '\n');
            break;
        case 'p':
            rc = sp_buf_append_cstr(b, tm->tm_hour < 12 ? "AM" : "PM");
            break;
        case 'r':
            rc = format_time(b, "%I:%M:%S %p", tm);
            break;
        case 'R':
            rc = format_time(b, "%H:%M", tm);
            break;
        case 'S':
            rc = append_num(b, tm->tm_sec, 2, '0');
            break;
        case 't':
            rc = sp_buf_append_char(b, '\t');
            break;
        case 'T':
        case 'X':
            rc = format_time(b, "%H:%M:%S", tm);
            break;
        case 'u':
            rc = append_num(b, wday == 0 ? 7 : wday, 1, '0');
            break;
        case 'U':
            rc = append_num(b, (tm->tm_yday + 7 - wday) / 7, 2, '0');
            break;
        case 'w':
            rc = append_num(b, wday, 1, '0');
            break;
        case 'W':
            rc = append_num(b, (tm->tm_yday + 7 - (wday + 6) % 7) / 7, 2, '0');
            break;
        case 'y':
            rc = append_num(b, (((int64_t)tm->tm_year + 1900) % 100 + 100) % 100, 2, '0');
            break;
        case 'Y':
            rc = append_num(b, (int64_t)tm->tm_year + 1900, 1, '0');
            break;
        case 'z':
            rc = sp_buf_append_cstr(b, "+0000");
            break;
        case 'Z':
            rc = sp_buf_append_cstr(b, "UTC");
            break;
        case '%':
            rc = sp_buf_append_char(b, '%');
            break;
        default:
            rc = sp_buf_append_char(b, '%');
            if (rc == 0) rc = sp_buf_append_char(b, c);
            break;
        }
    }
    return rc;
}

/* ---- struct_time ------------------------------------------------------------------- */

static sp_type struct_time_type;
static const char *const struct_time_fields[] = {"tm_year",  "tm_mon", "tm_mday", "tm_hour",
                                                 "tm_min",   "tm_sec", "tm_wday", "tm_yday",
                                                 "tm_isdst", NULL};

static sp_val struct_time_from_tm(const struct tm *tm)
{
    sp_val items[9] = {
        sp_small(tm->tm_year + 1900),    sp_small(tm->tm_mon + 1),  sp_small(tm->tm_mday),
        sp_small(tm->tm_hour),           sp_small(tm->tm_min),      sp_small(tm->tm_sec),
        sp_small((tm->tm_wday + 6) % 7), sp_small(tm->tm_yday + 1), sp_small(0),
    };
    return sp_structseq_new(&struct_time_type, items);
}

/* gmtime()/localtime(): optional seconds (None: now). */
static sp_val broken_down(const char *fname, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (kwnames && ((sp_tuple *)kwnames)->len)
        return sp_err_set(&sp_exc_TypeError, "time.%s() takes no keyword arguments", fname);
    if (nargs > 1)
        return sp_err_set(&sp_exc_TypeError, "%s expected at most 1 argument, got %d", fname,
                          (int)nargs);
    int64_t t;
    if (nargs == 0 || args[0] == sp_None) {
        t = now_seconds();
    } else {
        double secs;
        if (seconds_arg(args[0], &secs) < 0) return NULL;
        if (isnan(secs)) return sp_err_set(&sp_exc_ValueError, "Invalid value NaN (not a number)");
        if (!(fabs(secs) < 1e17))
            return sp_err_set(&sp_exc_OverflowError, "timestamp out of range for platform time_t");
        t = (int64_t)floor(secs);
    }
    struct tm tm;
    utc_breakdown(t, &tm);
    if (tm.tm_year > INT32_MAX - 1900 - 1)
        return sp_err_set(&sp_exc_OverflowError, "timestamp out of range for platform time_t");
    return struct_time_from_tm(&tm);
}

static sp_val time_gmtime(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return broken_down("gmtime", args, nargs, kwnames);
}

static sp_val time_localtime(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    return broken_down("localtime", args, nargs, kwnames);
}

/* A 9-item tuple / struct_time back to struct tm. */
static int tm_from_tuple(sp_val v, struct tm *tm, bool check)
{
    if (sp_is_small(v) || !sp_is_subtype(sp_typeof(v), &sp_type_tuple)) {
        sp_err_set(&sp_exc_TypeError, "Tuple or struct_time argument required");
        return -1;
    }
    sp_tuple *t = (sp_tuple *)v;
    if (t->len != 9) {
        sp_err_set(&sp_exc_TypeError, "function takes exactly 9 arguments (%d given)", (int)t->len);
        return -1;
    }
    int64_t f[9];
    for (int i = 0; i < 9; i++) {
        bool overflow = false;
        f[i] = sp_index(t->items[i], &overflow);
        if (f[i] == -1 && sp_err_occurred()) return -1;
        if (overflow || f[i] > INT32_MAX || f[i] < INT32_MIN) {
            sp_err_set(&sp_exc_OverflowError, "Python int too large to convert to C int");
            return -1;
        }
    }
    memset(tm, 0, sizeof *tm);
    tm->tm_year = (int)f[0] - 1900;
    tm->tm_mon = (int)f[1] - 1;
    tm->tm_mday = (int)f[2];
    tm->tm_hour = (int)f[3];
    tm->tm_min = (int)f[4];
    tm->tm_sec = (int)f[5];
    tm->tm_wday = (int)((f[6] + 1) % 7);
    tm->tm_yday = (int)f[7] - 1;
    tm->tm_isdst = (int)f[8];
    if (!check) return 0; /* mktime() normalises instead */
    if (tm->tm_mon < 0) tm->tm_mon = 0;
    if (tm->tm_mday == 0) tm->tm_mday = 1;
    if (tm->tm_yday < 0) tm->tm_yday = 0;
    if (tm->tm_mon > 11 || tm->tm_mday > 31 || tm->tm_hour > 23 || tm->tm_min > 59 ||
        tm->tm_sec > 61 || tm->tm_mday < 0 || tm->tm_hour < 0 || tm->tm_min < 0 || tm->tm_sec < 0) {
        sp_err_set(&sp_exc_ValueError, "%s argument out of range",
                   tm->tm_mon > 11                       ? "month"
                   : tm->tm_mday > 31 || tm->tm_mday < 0 ? "day of month"
                   : tm->tm_hour > 23 || tm->tm_hour < 0 ? "hour"
                   : tm->tm_min > 59 || tm->tm_min < 0   ? "minute"
                                                         : "seconds");
        return -1;
    }
    return 0;
}

static sp_val time_strftime(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (kwnames && ((sp_tuple *)kwnames)->len)
        return sp_err_set(&sp_exc_TypeError, "time.strftime() takes no keyword arguments");
    if (nargs < 1 || nargs > 2)
        return sp_err_set(&sp_exc_TypeError, "strftime expected %s, got %d",
                          nargs < 1 ? "at least 1 argument" : "at most 2 arguments", (int)nargs);
    if (!sp_str_check(args[0]))
        return sp_err_set(&sp_exc_TypeError, "strftime() argument 1 must be str, not %T", args[0]);
    struct tm tm;
    if (nargs == 2) {
        if (tm_from_tuple(args[1], &tm, true) < 0) return NULL;
    } else {
        utc_breakdown(now_seconds(), &tm);
    }
    sp_buf b;
    sp_buf_init(&b);
    if (format_time(&b, sp_str_cstr(args[0]), &tm) < 0) {
        sp_buf_free(&b);
        return NULL;
    }
    return sp_buf_to_str(&b);
}

static sp_val time_asctime_of(const struct tm *tm)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    return sp_str_format("%s %s %2d %02d:%02d:%02d %d", days[tm->tm_wday % 7],
                         months[tm->tm_mon % 12], tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec,
                         tm->tm_year + 1900);
}

static sp_val time_asctime(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    struct tm tm;
    if (nargs > 1)
        return sp_err_set(&sp_exc_TypeError, "asctime expected at most 1 argument, got %d",
                          (int)nargs);
    if (nargs == 1) {
        if (tm_from_tuple(args[0], &tm, true) < 0) return NULL;
    } else {
        utc_breakdown(now_seconds(), &tm);
    }
    return time_asctime_of(&tm);
}

static sp_val time_ctime(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    sp_val st = broken_down("ctime", args, nargs, kwnames);
    if (!st) return NULL;
    struct tm tm;
    if (tm_from_tuple(st, &tm, false) < 0) return NULL;
    return time_asctime_of(&tm);
}

static sp_val time_mktime(sp_val self, sp_val const *args, size_t nargs, sp_val kwnames)
{
    if (nargs != 1)
        return sp_err_set(&sp_exc_TypeError, "time.mktime() takes exactly one argument (%d given)",
                          (int)nargs);
    struct tm tm;
    if (tm_from_tuple(args[0], &tm, false) < 0) return NULL;
    return sp_float_new((double)utc_seconds(&tm)); /* local time is UTC here */
}

static const sp_method_def time_functions[] = {
    {"time", time_time, 0},
    {"time_ns", time_time_ns, 0},
    {"monotonic", time_monotonic, 0},
    {"monotonic_ns", time_monotonic_ns, 0},
    {"perf_counter", time_perf_counter, 0},
    {"perf_counter_ns", time_perf_counter_ns, 0},
    {"process_time", time_process_time, 0},
    {"process_time_ns", time_process_time_ns, 0},
    {"thread_time", time_thread_time, 0},
    {"thread_time_ns", time_thread_time_ns, 0},
    {"sleep", time_sleep, 0},
    {"gmtime", time_gmtime, 0},
    {"localtime", time_localtime, 0},
    {"strftime", time_strftime, 0},
    {"asctime", time_asctime, 0},
    {"ctime", time_ctime, 0},
    {"mktime", time_mktime, 0},
    {NULL, NULL, 0},
};

sp_val sp_time_module_init(void)
{
    if (sp_structseq_ready(&struct_time_type, "time", "struct_time", struct_time_fields) < 0)
        return NULL;
    sp_val m = sp_module_new("time");
    if (!m || sp_module_add_functions(m, time_functions) < 0) return NULL;
    sp_val utc = sp_str_intern("UTC");
    if (sp_module_add(m, "struct_time", (sp_val)&struct_time_type) < 0 ||
        sp_module_add(m, "timezone", sp_small(0)) < 0 ||
        sp_module_add(m, "altzone", sp_small(0)) < 0 ||
        sp_module_add(m, "daylight", sp_small(0)) < 0 ||
        sp_module_add(m, "tzname", sp_tuple_pack(2, utc, utc)) < 0)
        return NULL;
    return m;
}
