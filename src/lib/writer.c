/* SPDX-License-Identifier: MIT */
/* writer.c - buffered writers to files (atomically, via a temporary file
 * renamed on commit), stdout and memory, with gzip for ".gz" paths. Every
 * writer collects bytes in one buffer (<inspex/buf.h>): a file's is
 * flushed when it fills, a memory writer's is the result. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include <inspex/stream.h>

#include "guard.h"
#include "internal.h"

#define WBUF (64 * 1024)

struct inspex_writer {
    char *name;   /* for messages */
    char *target; /* final path, when renaming */
    char *tmp;    /* temporary path, when renaming */
    int fd;       /* -1 for memory */
    int close_fd;
    int gzip;
    int z_live;
    z_stream zs;
    int committed;
    int failed;
    int guard_slot;   /* the temporary's registration (guard.h), or -1 */
    inspex_buf_t buf; /* bytes not yet written; everything, for memory */
    int sent;         /* bytes have gone to fd */
};

static inspex_writer_t *writer_alloc(const char *name)
{
    inspex_writer_t *w = calloc(1, sizeof(*w));

    if (w == NULL)
        return NULL;
    w->fd = -1;
    w->guard_slot = -1;
    w->name = inspex__strdup(name);
    if (w->name == NULL) {
        free(w);
        return NULL;
    }
    return w;
}

inspex_writer_t *inspex_writer_new_memory(void)
{
    return writer_alloc("<memory>");
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

#define TMP_MARK ".inspex-"

/* Removes the temporaries a run that died (killed with SIGKILL, a power
 * cut) left beside path: ".NAME.inspex-PID.XXXXXX", regular, ours, and
 * PID no longer running. The rest are another run's, still going. */
static int dead(long pid)
{
    return pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 &&
           errno == ESRCH;
}

static void remove_stale(const char *path, size_t dirlen)
{
    char *dir = dirlen ? inspex__strndup(path, dirlen) : inspex__strdup("./");
    char *prefix = inspex__asprintf(".%s" TMP_MARK, path + dirlen);
    size_t plen = prefix ? strlen(prefix) : 0;
    DIR *d = dir && prefix ? opendir(dir) : NULL;

    for (struct dirent *de; d && (de = readdir(d)) != NULL;) {
        char *end, *full;
        struct stat sb;
        long pid;
        if (strncmp(de->d_name, prefix, plen) != 0)
            continue;
        pid = strtol(de->d_name + plen, &end, 10);
        /* mkstemp's six letters after the PID */
        if (end == de->d_name + plen || *end != '.' || strlen(end) != 7 ||
            !dead(pid))
            continue;
        full = inspex__asprintf("%s%s", dir, de->d_name);
        if (full && lstat(full, &sb) == 0 && S_ISREG(sb.st_mode) &&
            sb.st_uid == getuid())
            unlink(full);
        free(full);
    }
    if (d)
        closedir(d);
    free(dir);
    free(prefix);
}

inspex_status_t inspex_writer_open(const char *path, inspex_writer_t **out,
                                   inspex_error_t *err)
{
    inspex_writer_t *w;
    struct stat sb;

    *out = NULL;
    w = writer_alloc(strcmp(path, "-") == 0 ? "<stdout>" : path);
    if (w == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    /* a file's buffer never holds more than WBUF: allocated once */
    inspex_buf_init(&w->buf, WBUF);
    if (inspex_buf_reserve(&w->buf, WBUF) != 0) {
        inspex_writer_free(w);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    if (strcmp(path, "-") == 0) {
        w->fd = STDOUT_FILENO;
    } else if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
        /* A device or pipe (/dev/null, a FIFO) cannot be replaced by a
         * rename: write to it directly. */
        w->fd = open(path, O_WRONLY | O_CLOEXEC);
        if (w->fd < 0)
            goto fail;
        w->close_fd = 1;
    } else {
        const char *slash = strrchr(path, '/');
        size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
        mode_t mask;

        w->target = inspex__strdup(path);
        /* ".NAME.inspex-PID.XXXXXX": hidden, and recognisably ours and
         * whose, so a later run can tell a dead run's leftover */
        w->tmp = inspex__asprintf("%.*s.%s" TMP_MARK "%ld.XXXXXX", (int)dirlen,
                                  path, path + dirlen, (long)getpid());
        if (w->target == NULL || w->tmp == NULL) {
            inspex_writer_free(w);
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        }
        remove_stale(path, dirlen);
        w->fd = mkstemp(w->tmp);
        if (w->fd < 0) {
            free(w->tmp);
            w->tmp = NULL;
            goto fail;
        }
        w->guard_slot = inspex__guard_temp_add(w->tmp);
        w->close_fd = 1;
        /* mkstemp makes 0600: a new file gets the usual umask mode, a
         * replaced one keeps its own (0600 stays 0600), never wider than
         * the umask lets a new file be. */
        mask = umask(0);
        umask(mask);
        if (stat(path, &sb) == 0)
            fchmod(w->fd, sb.st_mode & 0777 & ~mask);
        else
            fchmod(w->fd, 0666 & ~mask);
        if (ends_with(path, ".gz")) {
            w->gzip = 1;
            if (deflateInit2(&w->zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
                             Z_DEFAULT_STRATEGY) != Z_OK) {
                inspex_writer_free(w);
                return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            }
            w->z_live = 1;
        }
    }
    *out = w;
    return INSPEX_OK;
fail:;
    int e = errno;
    inspex_writer_free(w);
    return inspex_error_set_at(err, INSPEX_ERR_IO, path, 0, 0,
                               "cannot create: %s", strerror(e));
}

void inspex_writer_free(inspex_writer_t *w)
{
    if (w == NULL)
        return;
    if (w->close_fd && w->fd >= 0)
        close(w->fd);
    if (w->tmp && !w->committed)
        unlink(w->tmp);
    inspex__guard_temp_drop(w->guard_slot);
    if (w->z_live)
        deflateEnd(&w->zs);
    inspex_buf_free(&w->buf);
    free(w->name);
    free(w->target);
    free(w->tmp);
    free(w);
}

static inspex_status_t write_all(inspex_writer_t *w, const unsigned char *p,
                                 size_t n, inspex_error_t *err)
{
    while (n > 0) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            w->failed = 1;
            return inspex_error_set_at(err, INSPEX_ERR_IO, w->name, 0, 0,
                                       "write error: %s", strerror(errno));
        }
        p += k;
        n -= (size_t)k;
        w->sent = 1;
    }
    return INSPEX_OK;
}

/* The most bytes handed to zlib at once: its counts are 32-bit (uInt),
 * so a larger piece goes in parts, and a write of any size is complete
 * or fails. */
#define ZPART ((size_t)1 << 30)

static inspex_status_t deflate_part(inspex_writer_t *w, const unsigned char *p,
                                    size_t n, int flush, inspex_error_t *err);

static inspex_status_t deflate_out(inspex_writer_t *w, const unsigned char *p,
                                   size_t n, int flush, inspex_error_t *err)
{
    while (n > ZPART) {
        inspex_status_t st = deflate_part(w, p, ZPART, Z_NO_FLUSH, err);
        if (st != INSPEX_OK)
            return st;
        p += ZPART;
        n -= ZPART;
    }
    return deflate_part(w, p, n, flush, err);
}

static inspex_status_t deflate_part(inspex_writer_t *w, const unsigned char *p,
                                    size_t n, int flush, inspex_error_t *err)
{
    unsigned char out[16384];
    int zr;

    w->zs.next_in = (unsigned char *)p;
    w->zs.avail_in = (uInt)n;
    do {
        inspex_status_t st;
        w->zs.next_out = out;
        w->zs.avail_out = sizeof(out);
        zr = deflate(&w->zs, flush);
        if (zr == Z_STREAM_ERROR) {
            w->failed = 1;
            return inspex_error_set_at(err, INSPEX_ERR_IO, w->name, 0, 0,
                                       "gzip compression failed");
        }
        st = write_all(w, out, sizeof(out) - w->zs.avail_out, err);
        if (st != INSPEX_OK)
            return st;
    } while (w->zs.avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
    if (w->zs.avail_in != 0) { /* zlib took less than it was given */
        w->failed = 1;
        return inspex_error_set_at(err, INSPEX_ERR_IO, w->name, 0, 0,
                                   "gzip compression stopped short");
    }
    return INSPEX_OK;
}

static inspex_status_t flush_buf(inspex_writer_t *w, inspex_error_t *err)
{
    inspex_status_t st;

    if (w->buf.len == 0)
        return INSPEX_OK;
    st = w->gzip
             ? deflate_out(w, (const unsigned char *)w->buf.p, w->buf.len,
                           Z_NO_FLUSH, err)
             : write_all(w, (const unsigned char *)w->buf.p, w->buf.len, err);
    inspex_buf_reset(&w->buf);
    return st;
}

inspex_status_t inspex_writer_write(inspex_writer_t *w, const void *data,
                                    size_t len, inspex_error_t *err)
{
    inspex_status_t st;

    if (w->failed || w->committed)
        return inspex_error_set_at(err, INSPEX_ERR_IO, w->name, 0, 0,
                                   "write after a failed write or commit");
    /* A file's buffer is flushed before it would pass WBUF, and a piece
     * that large on its own goes out without a copy. */
    if (w->fd >= 0 && w->buf.len + len > WBUF) {
        st = flush_buf(w, err);
        if (st != INSPEX_OK)
            return st;
        if (len >= WBUF)
            return w->gzip ? deflate_out(w, data, len, Z_NO_FLUSH, err)
                           : write_all(w, data, len, err);
    }
    if (inspex_buf_add(&w->buf, data, len) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return INSPEX_OK;
}

inspex_status_t inspex_writer_puts(inspex_writer_t *w, const char *s,
                                   inspex_error_t *err)
{
    return inspex_writer_write(w, s, strlen(s), err);
}

inspex_status_t inspex_writer_printf(inspex_writer_t *w, inspex_error_t *err,
                                     const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return inspex_error_set(err, INSPEX_ERR_IO, "format error");
    if ((size_t)n < sizeof(small))
        return inspex_writer_write(w, small, (size_t)n, err);
    va_start(ap, fmt);
    char *big = inspex__vasprintf(fmt, ap);
    va_end(ap);
    if (big == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    inspex_status_t st = inspex_writer_write(w, big, (size_t)n, err);
    free(big);
    return st;
}

inspex_status_t inspex_writer_commit(inspex_writer_t *w, inspex_error_t *err)
{
    inspex_status_t st;

    if (w->committed)
        return INSPEX_OK;
    if (w->failed)
        return inspex_error_set_at(err, INSPEX_ERR_IO, w->name, 0, 0,
                                   "not committed after a write error");
    if (w->fd < 0) {
        w->committed = 1;
        return INSPEX_OK;
    }
    st = flush_buf(w, err);
    if (st == INSPEX_OK && w->gzip)
        st = deflate_out(w, NULL, 0, Z_FINISH, err);
    if (st != INSPEX_OK)
        return st;
    if (w->close_fd) {
        int rc = close(w->fd);
        w->fd = -1;
        w->close_fd = 0;
        if (rc != 0) {
            w->failed = 1;
            return inspex_error_set_at(err, INSPEX_ERR_IO, w->name, 0, 0,
                                       "write error: %s", strerror(errno));
        }
    }
    if (w->tmp && rename(w->tmp, w->target) != 0) {
        w->failed = 1;
        return inspex_error_set_at(err, INSPEX_ERR_IO, w->name, 0, 0,
                                   "cannot replace: %s", strerror(errno));
    }
    w->committed = 1;
    inspex__guard_temp_drop(w->guard_slot);
    w->guard_slot = -1;
    return INSPEX_OK;
}

int inspex__writer_partial(const inspex_writer_t *w)
{
    return w && w->sent && w->tmp == NULL && !w->committed;
}

const char *inspex_writer_data(const inspex_writer_t *w, size_t *len)
{
    if (len)
        *len = w->buf.len;
    return w->buf.p ? w->buf.p : "";
}

int inspex_writer_is_terminal(const inspex_writer_t *w)
{
    return w->fd >= 0 && isatty(w->fd);
}

const char *inspex_writer_name(const inspex_writer_t *w)
{
    return w->name;
}
