/* SPDX-License-Identifier: MIT */
/* pdf_text.c - a PDF's pages as positioned characters, by poppler-glib
 * in the plugin's module pdftext.so (pdf_poppler.c), which this file
 * loads only to read a PDF: pdf.so itself does not link poppler.
 *
 * poppler has no limits of its own: a decompression bomb, a page tree of
 * a million pages or a damaged file can take it as long and as much
 * memory as they like, and a bug in it takes the process with it. So the
 * document is read in a forked child with an address-space limit above
 * what it inherits, a CPU limit, and a wall-clock deadline the parent
 * keeps; the child sends the candidate pages' characters back through a
 * pipe, and the parent checks every count it is told. The module is
 * loaded by the first PDF read, so a process that reads none never maps
 * poppler. */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pdf.h"

/* Sanitizers reserve terabytes of address space: no RLIMIT_AS there. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PDF_NO_AS_LIMIT 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define PDF_NO_AS_LIMIT 1
#endif
#endif

#define WIRE_MAGIC 0x50445831u /* "PDX1" */
#define WIRE_MAX ((size_t)96 * 1024 * 1024)

void pdf_text_clear(pdf_text_t *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->npages; i++)
        free(t->pages[i].glyphs);
    free(t->pages);
    memset(t, 0, sizeof(*t));
}

/* ---- checks before poppler ---------------------------------------------- */

static int has_header(const char *data, size_t len)
{
    size_t n = len < 1024 ? len : 1024;

    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(data + i, "%PDF-", 5) == 0)
            return 1;
    return 0;
}

static int has_eof(const char *data, size_t len)
{
    size_t from = len > 2048 ? len - 2048 : 0;

    for (size_t i = len >= 5 ? len - 5 + 1 : 0; i-- > from;)
        if (memcmp(data + i, "%%EOF", 5) == 0)
            return 1;
    return 0;
}

/* ---- the poppler module -------------------------------------------------
 */

/* Somewhere in pdf.so, for dladdr to say where pdf.so is. */
static const char here = 0;

/* Where the poppler module is: in pdf/ beside the plugin (where make
 * install puts it, and where a symbolic link to the plugin leads), or,
 * when the plugin is libtool's in a build tree (plugins/pdf/.libs), in
 * plugins/pdf/pdftext/.libs. -1 with why when the plugin cannot be
 * found. */
static int module_path(char *path, size_t size, char *why, size_t whysize)
{
    Dl_info info;
    char *real = NULL;
    const char *self, *slash;
    int dir;

    if (dladdr(&here, &info) == 0 || info.dli_fname == NULL) {
        snprintf(why, whysize,
                 "cannot tell where the pdf plugin is, to load its "
                 "poppler module");
        return -1;
    }
    real = realpath(info.dli_fname, NULL);
    self = real ? real : info.dli_fname;
    slash = strrchr(self, '/');
    dir = slash ? (int)(slash - self) : 0;
    snprintf(path, size, "%.*s/pdf/" PDFTEXT_MODULE, dir, slash ? self : ".");
    if (access(path, F_OK) != 0 && dir >= 6 &&
        memcmp(self + dir - 6, "/.libs", 6) == 0)
        snprintf(path, size, "%.*s/pdftext/.libs/" PDFTEXT_MODULE, dir - 6,
                 self);
    free(real);
    return 0;
}

/* Loads the module at path: its entry, with *handle to dlclose, or NULL
 * with why naming the module and saying what dlerror() said. poppler
 * and GLib are not made to be unloaded: the module stays once loaded. */
static pdftext_extract_fn *module_load(const char *path, void **handle,
                                       char *why, size_t whysize)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    void *sym = h ? dlsym(h, PDFTEXT_ENTRY) : NULL;
    pdftext_extract_fn *fn;
    const char *e;
    size_t n = strlen(path);

    if (sym == NULL) {
        /* dlerror() names the file first, most often: once is enough */
        e = dlerror();
        if (e == NULL)
            e = "no error said";
        else if (strncmp(e, path, n) == 0 && strncmp(e + n, ": ", 2) == 0)
            e += n + 2;
        snprintf(why, whysize,
                 "cannot load the pdf plugin's poppler module "
                 "%s: %s",
                 path, e);
        if (h)
            dlclose(h);
        return NULL;
    }
    memcpy(&fn, &sym, sizeof(fn));
    *handle = h;
    return fn;
}

/* Reads the PDF in this process, through the module at path. */
/* The plugin says INSPEX_CAP_THREADS, so PDFs may be read on several
 * threads at once. poppler in this process is not made for that, and a
 * fork while another of these threads is inside the dynamic linker
 * (loading or closing the module) would leave the child its lock: all
 * of them happen under this lock. The children then run side by side. */
static pthread_mutex_t poppler_mu = PTHREAD_MUTEX_INITIALIZER;

static int extract(const char *path, const char *data, size_t len,
                   int max_pages, pdf_text_t *out, char *why, size_t whysize)
{
    void *h = NULL;
    pdftext_extract_fn *fn;
    int rc;

    memset(out, 0, sizeof(*out));
    pthread_mutex_lock(&poppler_mu);
    fn = module_load(path, &h, why, whysize);
    if (fn == NULL) {
        pthread_mutex_unlock(&poppler_mu);
        return -1;
    }
    rc = fn(data, len, max_pages, out, why, whysize);
    if (rc != 0)
        pdf_text_clear(out);
    dlclose(h);
    pthread_mutex_unlock(&poppler_mu);
    return rc;
}

/* ---- the wire between child and parent ---------------------------------- */

typedef struct wire_head {
    uint32_t magic;
    int32_t rc;
    int32_t total_pages;
    int32_t scanned;
    uint32_t npages;
    uint32_t whylen;
} wire_head_t;

typedef struct wire_page {
    int32_t number;
    float width, height;
    uint32_t nglyphs;
} wire_page_t;

static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;

    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

static void child_send(int fd, int rc, const pdf_text_t *t, const char *why)
{
    wire_head_t h = {WIRE_MAGIC,
                     rc,
                     rc ? 0 : t->total_pages,
                     rc ? 0 : t->scanned,
                     rc ? 0 : (uint32_t)t->npages,
                     rc ? (uint32_t)strlen(why) : 0};

    if (write_all(fd, &h, sizeof(h)) != 0 ||
        (h.whylen && write_all(fd, why, h.whylen) != 0))
        return;
    for (uint32_t i = 0; i < h.npages; i++) {
        const pdf_page_t *pg = &t->pages[i];
        wire_page_t wp = {pg->number, pg->width, pg->height,
                          (uint32_t)pg->nglyphs};
        if (write_all(fd, &wp, sizeof(wp)) != 0 ||
            write_all(fd, pg->glyphs, pg->nglyphs * sizeof(pdf_glyph_t)) != 0)
            return;
    }
}

/* Reads what the child sent; -1 when it does not add up. */
static int parse_wire(const char *buf, size_t len, pdf_text_t *out, char *why,
                      size_t whysize)
{
    wire_head_t h;
    size_t off = sizeof(h);

    memset(out, 0, sizeof(*out));
    if (len < sizeof(h))
        return -2;
    memcpy(&h, buf, sizeof(h));
    if (h.magic != WIRE_MAGIC || h.npages > PDF_MAX_SCAN || h.whylen > 1024 ||
        len - off < h.whylen)
        return -2;
    if (h.rc != 0) {
        snprintf(why, whysize, "%.*s", (int)h.whylen, buf + off);
        return -1;
    }
    out->total_pages = h.total_pages;
    out->scanned = h.scanned;
    out->pages = calloc(h.npages ? h.npages : 1, sizeof(*out->pages));
    if (out->pages == NULL)
        return -3;
    for (uint32_t i = 0; i < h.npages; i++) {
        wire_page_t wp;
        pdf_page_t *pg = &out->pages[i];
        if (len - off < sizeof(wp))
            goto bad;
        memcpy(&wp, buf + off, sizeof(wp));
        off += sizeof(wp);
        if (wp.nglyphs > PDF_MAX_GLYPHS ||
            (len - off) / sizeof(pdf_glyph_t) < wp.nglyphs)
            goto bad;
        pg->number = wp.number;
        pg->width = wp.width;
        pg->height = wp.height;
        pg->glyphs = malloc((wp.nglyphs ? wp.nglyphs : 1) *
                            sizeof(pdf_glyph_t));
        if (pg->glyphs == NULL)
            goto bad;
        memcpy(pg->glyphs, buf + off, wp.nglyphs * sizeof(pdf_glyph_t));
        off += wp.nglyphs * sizeof(pdf_glyph_t);
        pg->nglyphs = wp.nglyphs;
        out->npages++;
    }
    return 0;
bad:
    pdf_text_clear(out);
    return -2;
}

/* ---- the child ----------------------------------------------------------
 */

/* Closes every descriptor above standard error but keep: another
 * thread's child pipe, open here, would keep its reader waiting for
 * this child to end. close_range where the kernel has it (5.9), else
 * one at a time up to the descriptor limit. */
static void close_inherited(int keep)
{
    struct rlimit rl;
    int max = 65536;

    if ((keep <= 3 || close_range(3, (unsigned)keep - 1, 0) == 0) &&
        close_range((unsigned)keep + 1, ~0u, 0) == 0)
        return;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        rl.rlim_cur < (rlim_t)max)
        max = (int)rl.rlim_cur;
    for (int fd = 3; fd < max; fd++)
        if (fd != keep)
            close(fd);
}

static void child_limits(const pdf_limits_t *lim)
{
    struct rlimit rl;
    long secs = (lim->timeout_ms + 999) / 1000 + 1;
    int null = open("/dev/null", O_WRONLY);

    /* the parent's handlers (removing its temporary files on Ctrl-C,
     * naming the plugin that crashed) are not the child's to run: a crash
     * of poppler here is the child's death by its signal */
    static const int sigs[] = {SIGINT,  SIGTERM, SIGHUP, SIGPIPE, SIGABRT,
                               SIGSEGV, SIGBUS,  SIGFPE, SIGILL};
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        signal(sigs[i], SIG_DFL);
    /* poppler's complaints about a damaged file are not the user's */
    if (null >= 0) {
        dup2(null, STDERR_FILENO);
        close(null);
    }
    rl.rlim_cur = rl.rlim_max = (rlim_t)secs;
    setrlimit(RLIMIT_CPU, &rl);
}

/* The address-space budget: the document's, above what the child
 * inherits (poppler's own mappings, loaded before the fork, are some
 * 25 MiB of address space, more than -O max-memory=16). */
static void child_memory(const pdf_limits_t *lim)
{
#ifndef PDF_NO_AS_LIMIT
    struct rlimit rl;
    /* the budget is above what the child inherits */
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    char line[128];

    if (f && fgets(line, sizeof(line), f))
        pages = strtoul(line, NULL, 10);
    if (f)
        fclose(f);
    rl.rlim_cur = rl.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) +
                                (rlim_t)lim->max_memory_mb * 1024 * 1024;
    setrlimit(RLIMIT_AS, &rl);
#else
    (void)lim;
#endif
}

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Collects the child's bytes until it closes the pipe or the deadline
 * passes: 0, 1 on timeout, -1 out of memory, -2 more than WIRE_MAX. */
static int collect(int fd, long deadline, char **buf, size_t *len)
{
    size_t cap = 65536;

    *len = 0;
    if ((*buf = malloc(cap)) == NULL)
        return -1;
    for (;;) {
        struct pollfd pfd = {fd, POLLIN, 0};
        long left = deadline - now_ms();
        ssize_t r;
        if (left <= 0)
            return 1;
        if (poll(&pfd, 1, (int)(left > 1000000 ? 1000000 : left)) < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (pfd.revents == 0)
            continue;
        if (cap - *len < 65536) {
            char *nb;
            if (cap >= WIRE_MAX)
                return -2;
            nb = realloc(*buf, cap * 2);
            if (nb == NULL)
                return -1;
            *buf = nb;
            cap *= 2;
        }
        r = read(fd, *buf + *len, cap - *len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r == 0 ? 0 : -1;
        *len += (size_t)r;
    }
}

static int sandboxed(const char *path, const char *data, size_t len,
                     const pdf_limits_t *lim, pdf_text_t *out, char *why,
                     size_t whysize)
{
    int fds[2] = {-1, -1}, status = 0, got, rc;
    pid_t pid = -1;
    char *buf = NULL;
    size_t n = 0;
    void *h = NULL;
    /* The module is loaded here, by the first PDF a process reads, and
     * stays (RTLD_NODELETE): each child inherits it loaded. Loading it in
     * every child instead costs 10 to 15 ms a PDF (the dynamic linker
     * maps and relocates some 50 libraries), which made `inspex fetch`
     * of 200 reports 1.8 times slower; a process that reads no PDF still
     * never maps poppler. */
    pdftext_extract_fn *fn;

    pthread_mutex_lock(&poppler_mu);
    fn = module_load(path, &h, why, whysize);
    if (fn == NULL) {
        pthread_mutex_unlock(&poppler_mu);
        return -1;
    }
    if (pipe2(fds, O_CLOEXEC) == 0 && (pid = fork()) < 0) {
        close(fds[0]);
        close(fds[1]);
    }
    if (pid != 0)
        pthread_mutex_unlock(&poppler_mu);
    if (pid < 0) {
        snprintf(why, whysize, "cannot start reading the PDF: %s",
                 strerror(errno));
        pthread_mutex_lock(&poppler_mu); /* the dynamic linker's, too */
        dlclose(h);
        pthread_mutex_unlock(&poppler_mu);
        return -1;
    }
    if (pid == 0) {
        pdf_text_t t = {NULL, 0, 0, 0};
        char cwhy[512] = "";
        close(fds[0]);
        close_inherited(fds[1]);
        child_limits(lim);
        child_memory(lim);
        rc = fn(data, len, lim->max_pages, &t, cwhy, sizeof(cwhy));
        child_send(fds[1], rc, &t, cwhy);
        _exit(0);
    }
    close(fds[1]);
    got = collect(fds[0], now_ms() + lim->timeout_ms, &buf, &n);
    close(fds[0]);
    if (got != 0)
        kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    pthread_mutex_lock(&poppler_mu);
    dlclose(h);
    pthread_mutex_unlock(&poppler_mu);
    rc = got == 0 ? parse_wire(buf, n, out, why, whysize) : -2;
    free(buf);
    if (got == 1 || (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU)) {
        snprintf(why, whysize,
                 "reading the PDF took longer than %ld s (-O timeout); it "
                 "may be a decompression bomb",
                 (lim->timeout_ms + 999) / 1000);
        return -1;
    }
    if (got == -2) {
        snprintf(why, whysize,
                 "the PDF's text on its first pages is more "
                 "than %zu MiB",
                 WIRE_MAX >> 20);
        return -1;
    }
    if (rc == -3 || got < 0) {
        snprintf(why, whysize, "out of memory taking the PDF's text");
        return -1;
    }
    if (rc == -2) {
        snprintf(why, whysize,
                 "poppler failed reading the PDF (%s %d): the file is "
                 "damaged, or needed more than %ld MiB (-O max-memory)",
                 WIFSIGNALED(status) ? "signal" : "exit status",
                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status),
                 lim->max_memory_mb);
        return -1;
    }
    return rc;
}

int pdf_text_read(const char *data, size_t len, const pdf_limits_t *lim,
                  pdf_text_t *out, char *why, size_t whysize)
{
    char path[PATH_MAX + 32];

    memset(out, 0, sizeof(*out));
    if (!has_header(data, len)) {
        snprintf(why, whysize,
                 "not a PDF: no %%PDF- header in its first 1024 bytes");
        return -1;
    }
    if (!has_eof(data, len)) {
        snprintf(why, whysize,
                 "the PDF is truncated: no %%EOF marker at its end "
                 "(%zu bytes)",
                 len);
        return -1;
    }
    if (module_path(path, sizeof(path), why, whysize) != 0)
        return -1;
    if (lim->sandbox)
        return sandboxed(path, data, len, lim, out, why, whysize);
    return extract(path, data, len, lim->max_pages, out, why, whysize);
}
