/* SPDX-License-Identifier: MIT */
/* util.c - string helpers for the library's own use, and the byte buffer
 * of <inspex/buf.h>. */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

char *inspex__strdup(const char *s)
{
    return s ? inspex__strndup(s, strlen(s)) : NULL;
}

char *inspex__strndup(const char *s, size_t n)
{
    char *p;

    if (s == NULL)
        return NULL;
    p = malloc(n + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *inspex__vasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    char *p;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return NULL;
    p = malloc((size_t)n + 1);
    if (p == NULL)
        return NULL;
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *inspex__asprintf(const char *fmt, ...)
{
    va_list ap;
    char *p;

    va_start(ap, fmt);
    p = inspex__vasprintf(fmt, ap);
    va_end(ap);
    return p;
}

int inspex__strcasecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = (unsigned char)*a, cb = (unsigned char)*b;

        if (ca >= 'A' && ca <= 'Z')
            ca += 'a' - 'A';
        if (cb >= 'A' && cb <= 'Z')
            cb += 'a' - 'A';
        if (ca != cb || ca == 0)
            return ca - cb;
    }
}

/* ---- the byte buffer (<inspex/buf.h>) ----------------------------------- */

void inspex_buf_init(inspex_buf_t *b, size_t max)
{
    b->p = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

int inspex_buf_grow(inspex_buf_t *b, size_t extra)
{
    size_t want, cap;
    char *p;

    if (b->max ? b->len > b->max || extra > b->max - b->len
               : extra > SIZE_MAX / 2 - b->len)
        return b->max ? INSPEX_BUF_TOOBIG : INSPEX_BUF_NOMEM;
    want = b->len + extra + 1;
    if (want <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < want)
        cap *= 2;
    /* no more than the cap can ever need */
    if (b->max && cap > b->max + 1)
        cap = b->max + 1;
    if ((p = realloc(b->p, cap)) == NULL)
        return INSPEX_BUF_NOMEM;
    b->p = p;
    b->cap = cap;
    return 0;
}

int inspex_buf_vaddf(inspex_buf_t *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n, rc;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return INSPEX_BUF_NOMEM;
    if ((rc = inspex_buf_reserve(b, (size_t)n)) != 0)
        return rc;
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int inspex_buf_addf(inspex_buf_t *b, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = inspex_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return rc;
}

void inspex_buf_free(inspex_buf_t *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

char *inspex_buf_take(inspex_buf_t *b, size_t *len)
{
    char *p = b->p;

    if (p == NULL && (p = calloc(1, 1)) == NULL)
        return NULL;
    if (len)
        *len = b->len;
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

char *inspex__located(const char *source, unsigned long line,
                      unsigned long column, const char *text)
{
    if (source && *source && line && column)
        return inspex__asprintf("%s:%lu:%lu: %s", source, line, column, text);
    if (source && *source && line)
        return inspex__asprintf("%s:%lu: %s", source, line, text);
    if (source && *source)
        return inspex__asprintf("%s: %s", source, text);
    return inspex__strdup(text);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int inspex__list_dir(const char *dir, const char *suffix, char ***names,
                     size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **v = NULL;
    size_t n = 0, cap = 0, sl = suffix ? strlen(suffix) : 0;

    *names = NULL;
    *count = 0;
    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' ||
            (suffix && (len <= sl || strcmp(de->d_name + len - sl, suffix))))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **p = realloc(v, cap * sizeof(*p));
            if (p == NULL)
                break;
            v = p;
        }
        if ((v[n] = inspex__strdup(de->d_name)) != NULL)
            n++;
    }
    closedir(d);
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_name);
    *names = v;
    *count = n;
    return 0;
}

void inspex__free_names(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

/* 1 when the running program lives inside the build tree. */
int inspex__in_build_tree(void)
{
    char exe[PATH_MAX], top[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    size_t tl;

    if (n <= 0 || realpath(INSPEX_BUILDDIR, top) == NULL)
        return 0;
    exe[n] = '\0';
    tl = strlen(top);
    return strncmp(exe, top, tl) == 0 && exe[tl] == '/';
}
