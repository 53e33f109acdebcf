/* util.c - string and buffer helpers for the library's own use. */
#include "config.h"

#include <dirent.h>
#include <limits.h>
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

int inspex__buf_reserve(inspex__buf_t *b, size_t extra)
{
    size_t want = b->len + extra + 1;

    if (want <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < want)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (p == NULL)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

int inspex__buf_append(inspex__buf_t *b, const void *data, size_t len)
{
    if (inspex__buf_reserve(b, len) != 0)
        return -1;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

void inspex__buf_free(inspex__buf_t *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
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

