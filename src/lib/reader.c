/* SPDX-License-Identifier: MIT */
/* reader.c - byte readers over files, stdin, memory and URLs, with gzip
 * detected by its magic bytes and inflated on the fly; and transcoding
 * readers, which put iconv(3) in front of another reader. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include <inspex/limits.h>
#include <inspex/stream.h>

#include "curlapi.h"
#include "internal.h"

#define RAW_CHUNK (64 * 1024)
#define PEEK_MAX (64 * 1024)
#define LINE_MAX_BYTES ((size_t)64 * 1024 * 1024)
#define TRANSCODE_CHUNK (64 * 1024)
/* The read-ahead buffer's least size (lines, peeks): reading a few KiB
 * at a time is a system call for every few records of NDJSON (34,727 of
 * them for 235 MB). With its NUL it is 256 KiB, which the buffer's
 * doubling then keeps. */
#define AHEAD_READ (256 * 1024 - 1)

struct inspex_reader {
    char *name;
    /* the source: a file descriptor or memory */
    int fd;
    int close_fd;
    const unsigned char *mem;
    size_t memlen, mempos;
    unsigned char *owned;          /* memory the reader owns (URL bodies) */
    const inspex_response_t *resp; /* borrowed; for fetched responses */
    /* compressed input waiting to be inflated, or plain input read while
     * looking for the gzip magic */
    unsigned char *raw;
    size_t rawlen, rawpos;
    int raw_eof;
    int checked; /* gzip magic looked for */
    int gzip;
    int z_live; /* inflate initialised */
    int z_end;  /* current member finished */
    z_stream zs;
    /* decoded bytes read ahead for peek and getline: ahead.p[apos] on */
    inspex_buf_t ahead;
    size_t apos;
    /* a transcoding reader: the bytes of inner (borrowed), converted */
    inspex_reader_t *inner;
    iconv_t cd;
    char *encoding;   /* as named by the caller, for messages */
    int single_byte;  /* one byte is one character in the encoding */
    inspex_buf_t tin; /* inner's bytes, converted up to tpos */
    size_t tpos;
    int tin_eof, flushed;
    char tout[32]; /* converted bytes for reads too small to take them */
    unsigned long long consumed; /* bytes taken from the source, as stored */
    size_t toutlen, toutpos;
    unsigned long line, col; /* of the next converted byte, for messages */
    inspex_buf_t cut;        /* the head of a line cut for its limit */
};

static inspex_reader_t *reader_alloc(const char *name)
{
    inspex_reader_t *r = calloc(1, sizeof(*r));

    if (r == NULL)
        return NULL;
    r->fd = -1;
    r->name = inspex__strdup(name);
    if (r->name == NULL) {
        free(r);
        return NULL;
    }
    return r;
}

void inspex_reader_free(inspex_reader_t *r)
{
    if (r == NULL)
        return;
    if (r->close_fd && r->fd >= 0)
        close(r->fd);
    if (r->z_live)
        inflateEnd(&r->zs);
    free(r->owned);
    free(r->raw);
    inspex_buf_free(&r->ahead);
    inspex_buf_free(&r->cut);
    if (r->inner) {
        iconv_close(r->cd);
        inspex_buf_free(&r->tin);
        free(r->encoding);
    }
    free(r->name);
    free(r);
}

const char *inspex_reader_name(const inspex_reader_t *r)
{
    return r->name;
}

int inspex_reader_is_gzip(const inspex_reader_t *r)
{
    return r->inner ? inspex_reader_is_gzip(r->inner) : r->gzip;
}

inspex_reader_t *inspex_reader_new_memory(const void *data, size_t len,
                                          const char *name)
{
    inspex_reader_t *r = reader_alloc(name ? name : "<memory>");

    if (r == NULL)
        return NULL;
    r->mem = data;
    r->memlen = len;
    return r;
}

inspex_reader_t *inspex_reader_new_response(const inspex_response_t *resp)
{
    inspex_reader_t *r = inspex_reader_new_memory(resp->body, resp->len,
                                                  resp->url);

    if (r)
        r->resp = resp;
    return r;
}

const inspex_response_t *inspex_reader_response(const inspex_reader_t *r)
{
    return r->inner ? inspex_reader_response(r->inner) : r->resp;
}

/* ---- URLs --------------------------------------------------------------- */

int inspex_is_url(const char *spec)
{
    return strncmp(spec, "http://", 7) == 0 ||
           strncmp(spec, "https://", 8) == 0 || strncmp(spec, "file:", 5) == 0;
}

typedef struct fetch {
    inspex_buf_t body; /* capped at the size cap */
    int too_big;
} fetch_t;

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    fetch_t *f = ud;
    size_t n = size * nmemb;
    int rc = inspex_buf_add(&f->body, data, n);

    if (rc == INSPEX_BUF_TOOBIG)
        f->too_big = 1;
    return rc == 0 ? n : 0;
}

static inspex_status_t open_url(const char *url,
                                const inspex_url_options_t *opt,
                                inspex_reader_t *r, inspex_error_t *err)
{
    fetch_t f = {{0}, 0};
    size_t cap;
    char errbuf[CURL_ERROR_SIZE] = "";
    CURL *c;
    CURLcode rc;
    long status = 0;
    inspex_status_t code = strncmp(url, "file:", 5) == 0 ? INSPEX_ERR_IO
                                                         : INSPEX_ERR_NETWORK;

    if (inspex__curl_init() != 0)
        return inspex_error_set_at(err, code, url, 0, 0, "%s",
                                   inspex__curl_error());
    cap = opt && opt->max_bytes ? opt->max_bytes : (size_t)64 * 1024 * 1024;
    inspex_buf_init(&f.body, cap);
    c = curl_easy_init();
    if (c == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    inspex__curl_common(c, url,
                        opt && opt->timeout_ms ? opt->timeout_ms : 60000L,
                        opt && opt->connect_timeout_ms ? opt->connect_timeout_ms
                                                       : 15000L,
                        cap, errbuf);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    if (opt && opt->insecure) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &f);
    rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    if (f.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        inspex_buf_free(&f.body);
        return inspex_error_set_at(err, code, url, 0, 0,
                                   "response is larger than the %zu-byte cap",
                                   cap);
    }
    if (rc != CURLE_OK) {
        inspex_buf_free(&f.body);
        return inspex_error_set_at(err, code, url, 0, 0, "%s",
                                   errbuf[0] ? errbuf : curl_easy_strerror(rc));
    }
    if (status >= 400) {
        inspex_buf_free(&f.body);
        return inspex_error_set_at(err, code, url, 0, 0, "HTTP status %ld",
                                   status);
    }
    r->owned = (unsigned char *)f.body.p;
    r->mem = r->owned;
    r->memlen = f.body.len;
    return INSPEX_OK;
}

inspex_status_t inspex_reader_open(const char *spec,
                                   const inspex_url_options_t *url,
                                   inspex_reader_t **out, inspex_error_t *err)
{
    inspex_reader_t *r;
    inspex_status_t st;

    *out = NULL;
    r = reader_alloc(strcmp(spec, "-") == 0 ? "<stdin>" : spec);
    if (r == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    if (strcmp(spec, "-") == 0) {
        r->fd = STDIN_FILENO;
    } else if (inspex_is_url(spec)) {
        st = open_url(spec, url, r, err);
        if (st != INSPEX_OK) {
            inspex_reader_free(r);
            return st;
        }
    } else {
        r->fd = open(spec, O_RDONLY | O_CLOEXEC);
        if (r->fd < 0) {
            int e = errno;
            inspex_reader_free(r);
            return inspex_error_set_at(err, INSPEX_ERR_IO, spec, 0, 0,
                                       "cannot open: %s", strerror(e));
        }
        r->close_fd = 1;
    }
    *out = r;
    return INSPEX_OK;
}

/* ---- layers ------------------------------------------------------------- */

/* Bytes from the source as stored (maybe compressed). */
static inspex_status_t source_read(inspex_reader_t *r, unsigned char *buf,
                                   size_t size, size_t *n, inspex_error_t *err)
{
    if (r->fd < 0) {
        size_t left = r->memlen - r->mempos;
        *n = left < size ? left : size;
        memcpy(buf, r->mem + r->mempos, *n);
        r->mempos += *n;
        r->consumed += *n;
        return INSPEX_OK;
    }
    for (;;) {
        ssize_t got = read(r->fd, buf, size);
        if (got >= 0) {
            *n = (size_t)got;
            r->consumed += *n;
            return INSPEX_OK;
        }
        if (errno != EINTR)
            return inspex_error_set_at(err, INSPEX_ERR_IO, r->name, 0, 0,
                                       "read error: %s", strerror(errno));
    }
}

/* Refills r->raw when it is used up. */
static inspex_status_t raw_fill(inspex_reader_t *r, inspex_error_t *err)
{
    size_t n;
    inspex_status_t st;

    if (r->rawpos < r->rawlen || r->raw_eof)
        return INSPEX_OK;
    if (r->raw == NULL && (r->raw = malloc(RAW_CHUNK)) == NULL)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    st = source_read(r, r->raw, RAW_CHUNK, &n, err);
    if (st != INSPEX_OK)
        return st;
    r->rawpos = 0;
    r->rawlen = n;
    if (n == 0)
        r->raw_eof = 1;
    return INSPEX_OK;
}

static inspex_status_t check_magic(inspex_reader_t *r, inspex_error_t *err)
{
    inspex_status_t st;

    r->checked = 1;
    st = raw_fill(r, err);
    if (st != INSPEX_OK)
        return st;
    /* A gzip magic split across two reads of a pipe is read on: the
     * first read of a file or pipe with data gives at least 2 bytes in
     * practice, and a 1-byte input cannot be gzip. */
    if (r->rawlen - r->rawpos >= 2 && r->raw[r->rawpos] == 0x1f &&
        r->raw[r->rawpos + 1] == 0x8b) {
        r->gzip = 1;
        if (inflateInit2(&r->zs, 16 + MAX_WBITS) != Z_OK)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        r->z_live = 1;
    }
    return INSPEX_OK;
}

static inspex_status_t gz_read(inspex_reader_t *r, unsigned char *buf,
                               size_t size, size_t *n, inspex_error_t *err)
{
    inspex_status_t st;

    *n = 0;
    while (*n == 0) {
        int zr;

        st = raw_fill(r, err);
        if (st != INSPEX_OK)
            return st;
        if (r->z_end) {
            /* Between members: another member follows, or the end. */
            if (r->rawpos == r->rawlen && r->raw_eof)
                return INSPEX_OK;
            inflateReset(&r->zs);
            r->z_end = 0;
        }
        if (r->rawpos == r->rawlen && r->raw_eof)
            return inspex_error_set_at(err, INSPEX_ERR_IO, r->name, 0, 0,
                                       "truncated gzip data: the compressed "
                                       "stream ends early");
        r->zs.next_in = r->raw + r->rawpos;
        r->zs.avail_in = (uInt)(r->rawlen - r->rawpos);
        r->zs.next_out = buf;
        r->zs.avail_out = (uInt)(size > 0x40000000 ? 0x40000000 : size);
        zr = inflate(&r->zs, Z_NO_FLUSH);
        r->rawpos = r->rawlen - r->zs.avail_in;
        *n = (size_t)(r->zs.next_out - buf);
        if (zr == Z_STREAM_END) {
            r->z_end = 1;
        } else if (zr == Z_BUF_ERROR && r->rawpos < r->rawlen) {
            continue; /* no progress possible without more output room */
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            return inspex_error_set_at(err, INSPEX_ERR_IO, r->name, 0, 0,
                                       "corrupt gzip data: %s",
                                       r->zs.msg ? r->zs.msg
                                                 : "inflate failed");
        }
    }
    return INSPEX_OK;
}

/* ---- transcoding ------------------------------------------------------ */

int inspex_encoding_is_utf8(const char *encoding)
{
    return encoding == NULL || inspex__strcasecmp(encoding, "utf-8") == 0 ||
           inspex__strcasecmp(encoding, "utf8") == 0;
}

inspex_status_t inspex_reader_new_transcoding(inspex_reader_t *inner,
                                              const char *encoding,
                                              inspex_reader_t **out,
                                              inspex_error_t *err)
{
    /* the one name inspex has documented that glibc spells otherwise */
    const char *name = inspex__strcasecmp(encoding, "latin-1") == 0
                           ? "ISO-8859-1"
                           : encoding;
    inspex_reader_t *r;
    iconv_t cd = (iconv_t)-1;

    *out = NULL;
    /* "" is the locale's encoding to iconv, and "//" starts its flags:
     * neither names an encoding of the input */
    if (*name && strchr(name, '/') == NULL)
        cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) {
        if (errno == ENOMEM)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        return inspex_error_set(err, INSPEX_ERR_USAGE,
                                "unknown character encoding '%s' (`iconv -l` "
                                "lists the ones this system knows)",
                                encoding);
    }
    r = reader_alloc(inspex_reader_name(inner));
    if (r == NULL || (r->encoding = inspex__strdup(encoding)) == NULL) {
        iconv_close(cd);
        if (r)
            free(r->name);
        free(r);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    r->inner = inner;
    r->cd = cd;
    r->line = r->col = 1;
    /* One byte is one character when "A" alone converts. */
    {
        char a = 'A', o[8], *ip = &a, *op = o;
        size_t il = 1, ol = sizeof(o);
        r->single_byte = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && il == 0;
        iconv(cd, NULL, NULL, NULL, NULL); /* back to the initial state */
    }
    *out = r;
    return INSPEX_OK;
}

inspex_status_t inspex_reader_detect_encoding(inspex_reader_t *r,
                                              const char **encoding,
                                              int *guessed, inspex_error_t *err)
{
    const unsigned char *p;
    size_t n, bad;
    inspex_status_t st = inspex_reader_peek(r, PEEK_MAX, &p, &n, err);

    *guessed = 0;
    *encoding = "UTF-8";
    if (st != INSPEX_OK)
        return st;
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        *encoding = "UTF-16LE"; /* the mark becomes UTF-8's, then skipped */
    else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        *encoding = "UTF-16BE";
    else if (inspex_utf8_check((const char *)p, n, &bad) != INSPEX_OK &&
             !(n == PEEK_MAX && n - bad < 4 && (p[bad] & 0xC0) == 0xC0)) {
        /* not UTF-8 (a character cut at the window's end is no proof) */
        *encoding = "WINDOWS-1252";
        *guessed = 1;
    }
    return INSPEX_OK;
}

/* Moves the position for messages over n converted bytes at p. */
static void transcode_count(inspex_reader_t *r, const char *p, size_t n)
{
    const char *end = p + n, *nl;

    while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        r->line++;
        r->col = 1;
        p = nl + 1;
    }
    r->col += (unsigned long)(end - p);
}

/* The bytes of the sequence iconv stopped at, for a message. */
static void transcode_bad(const inspex_reader_t *r, char *buf, size_t size)
{
    size_t left = r->tin.len - r->tpos, n = 0, most = r->single_byte ? 1 : 4;

    buf[0] = '\0';
    for (size_t i = 0; i < left && i < most && n + 6 < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s0x%02X", i ? " " : "",
                              (unsigned char)r->tin.p[r->tpos + i]);
}

/* Converts inner's bytes into out (size at least 32 bytes, the longest
 * character iconv writes and then some). Returns what is converted as
 * soon as there is some; *n is 0 only at the end. */
static inspex_status_t transcode_into(inspex_reader_t *r, char *out,
                                      size_t size, size_t *n,
                                      inspex_error_t *err)
{
    char *o = out;
    size_t oleft = size;
    inspex_status_t st;

    for (;;) {
        if (r->tpos < r->tin.len) {
            char *in = r->tin.p + r->tpos;
            size_t ileft = r->tin.len - r->tpos;
            size_t rc = iconv(r->cd, &in, &ileft, &o, &oleft);
            int e = errno;

            r->tpos = r->tin.len - ileft;
            if (rc == (size_t)-1 && e == EILSEQ && o == out) {
                char bytes[32];
                transcode_bad(r, bytes, sizeof(bytes));
                return inspex_error_set_at(
                    err, INSPEX_ERR_ENCODING, r->name, r->line, r->col,
                    r->single_byte ? "byte %s is not defined in %s"
                                   : "bytes %s... are not a character in %s",
                    bytes, r->encoding);
            }
            /* what came before a bad byte goes out first; E2BIG: full */
            if (o > out)
                break;
        }
        if (r->tin_eof) {
            if (r->tpos < r->tin.len)
                return inspex_error_set_at(
                    err, INSPEX_ERR_ENCODING, r->name, r->line, r->col,
                    "the input ends inside a character (%zu byte%s of %s "
                    "left over)",
                    r->tin.len - r->tpos, r->tin.len - r->tpos == 1 ? "" : "s",
                    r->encoding);
            if (!r->flushed) { /* a stateful encoding's closing bytes */
                iconv(r->cd, NULL, NULL, &o, &oleft);
                r->flushed = 1;
            }
            break;
        }
        /* the unconverted tail (a character split by the read) to the
         * front, and more after it */
        size_t got, left = r->tin.len - r->tpos;
        if (left && r->tpos)
            memmove(r->tin.p, r->tin.p + r->tpos, left);
        r->tin.len = left;
        r->tpos = 0;
        if (inspex_buf_reserve(&r->tin, TRANSCODE_CHUNK) != 0)
            return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
        st = inspex_reader_read(r->inner, r->tin.p + r->tin.len,
                                TRANSCODE_CHUNK, &got, err);
        if (st != INSPEX_OK)
            return st;
        r->tin.len += got;
        if (got == 0)
            r->tin_eof = 1;
    }
    *n = (size_t)(o - out);
    transcode_count(r, out, *n);
    return INSPEX_OK;
}

static inspex_status_t transcode_read(inspex_reader_t *r, unsigned char *buf,
                                      size_t size, size_t *n,
                                      inspex_error_t *err)
{
    inspex_status_t st;

    if (r->toutpos == r->toutlen && size >= sizeof(r->tout))
        return transcode_into(r, (char *)buf, size, n, err);
    /* a read too small for any character: through tout */
    if (r->toutpos == r->toutlen) {
        st = transcode_into(r, r->tout, sizeof(r->tout), &r->toutlen, err);
        r->toutpos = 0;
        if (st != INSPEX_OK) {
            r->toutlen = 0;
            return st;
        }
    }
    *n = r->toutlen - r->toutpos < size ? r->toutlen - r->toutpos : size;
    memcpy(buf, r->tout + r->toutpos, *n);
    r->toutpos += *n;
    return INSPEX_OK;
}

/* Decoded bytes, bypassing the read-ahead buffer. */
static inspex_status_t decoded_read(inspex_reader_t *r, unsigned char *buf,
                                    size_t size, size_t *n, inspex_error_t *err)
{
    inspex_status_t st;

    if (r->inner)
        return transcode_read(r, buf, size, n, err);
    if (!r->checked && (st = check_magic(r, err)) != INSPEX_OK)
        return st;
    if (r->gzip)
        return gz_read(r, buf, size, n, err);
    if (r->rawpos < r->rawlen) {
        size_t left = r->rawlen - r->rawpos;
        *n = left < size ? left : size;
        memcpy(buf, r->raw + r->rawpos, *n);
        r->rawpos += *n;
        return INSPEX_OK;
    }
    if (r->raw_eof) {
        *n = 0;
        return INSPEX_OK;
    }
    return source_read(r, buf, size, n, err);
}

inspex_status_t inspex_reader_read(inspex_reader_t *r, void *buf, size_t size,
                                   size_t *nread, inspex_error_t *err)
{
    if (r->apos < r->ahead.len) {
        size_t left = r->ahead.len - r->apos;
        *nread = left < size ? left : size;
        memcpy(buf, r->ahead.p + r->apos, *nread);
        r->apos += *nread;
        return INSPEX_OK;
    }
    return decoded_read(r, buf, size, nread, err);
}

/* Makes room for at least want unread bytes in the read-ahead buffer. */
static inspex_status_t ahead_room(inspex_reader_t *r, size_t want,
                                  inspex_error_t *err)
{
    if (r->apos > 0) {
        memmove(r->ahead.p, r->ahead.p + r->apos, r->ahead.len - r->apos);
        r->ahead.len -= r->apos;
        r->apos = 0;
    }
    /* room for want bytes from the start, at least 8 KiB to read in,
     * and AHEAD_READ in all */
    if (want < r->ahead.len + 8192)
        want = r->ahead.len + 8192;
    if (want < AHEAD_READ)
        want = AHEAD_READ;
    if (inspex_buf_reserve(&r->ahead, want - r->ahead.len) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    return INSPEX_OK;
}

/* Reads decoded bytes into the read-ahead buffer; *got 0 at the end. */
static inspex_status_t ahead_fill(inspex_reader_t *r, size_t *got,
                                  inspex_error_t *err)
{
    inspex_status_t st =
        decoded_read(r, (unsigned char *)r->ahead.p + r->ahead.len,
                     r->ahead.cap - r->ahead.len - 1, got, err);
    if (st == INSPEX_OK) {
        r->ahead.len += *got;
        r->ahead.p[r->ahead.len] = '\0';
    }
    return st;
}

inspex_status_t inspex_reader_peek(inspex_reader_t *r, size_t want,
                                   const unsigned char **data, size_t *len,
                                   inspex_error_t *err)
{
    inspex_status_t st;

    if (want > PEEK_MAX)
        want = PEEK_MAX;
    st = ahead_room(r, want, err);
    while (st == INSPEX_OK && r->ahead.len < want) {
        size_t got;
        st = ahead_fill(r, &got, err);
        if (got == 0)
            break;
    }
    if (st != INSPEX_OK)
        return st;
    *data = (const unsigned char *)r->ahead.p + r->apos;
    *len = r->ahead.len - r->apos < want ? r->ahead.len - r->apos : want;
    return INSPEX_OK;
}

/* A line over max: with skip, the reader reads past the rest of it, and
 * *line gets its head, *len its whole length. */
static inspex_status_t cut_line(inspex_reader_t *r, size_t max, int skip,
                                const char **line, size_t *len,
                                inspex_error_t *err)
{
    size_t total = r->ahead.len - r->apos, got;
    size_t keep = total < INSPEX_LIMIT_KEEP ? total : INSPEX_LIMIT_KEEP;
    inspex_status_t st;

    inspex_buf_reset(&r->cut);
    if (inspex_buf_add(&r->cut, r->ahead.p + r->apos, keep) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    r->apos = r->ahead.len;
    while (skip) {
        unsigned char *start, *nl;
        if ((st = ahead_room(r, 0, err)) != INSPEX_OK ||
            (st = ahead_fill(r, &got, err)) != INSPEX_OK)
            return st;
        if (got == 0)
            break;
        start = (unsigned char *)r->ahead.p + r->apos;
        nl = memchr(start, '\n', got);
        if (nl) {
            total += (size_t)(nl - start);
            r->apos += (size_t)(nl - start) + 1;
            break;
        }
        total += got;
        r->apos = r->ahead.len;
    }
    *line = r->cut.p;
    *len = total;
    return inspex_limit_error(err, INSPEX_LIMIT_LINE, max, total, !skip,
                              r->name, 0, 0);
}

inspex_status_t inspex_reader_getline(inspex_reader_t *r, const char **line,
                                      size_t *len, inspex_error_t *err)
{
    return inspex_reader_getline_max(r, LINE_MAX_BYTES, 0, line, len, err);
}

inspex_status_t inspex_reader_getline_max(inspex_reader_t *r, size_t max,
                                          int skip, const char **line,
                                          size_t *len, inspex_error_t *err)
{
    size_t scanned = 0;
    inspex_status_t st;

    for (;;) {
        unsigned char *start = (unsigned char *)r->ahead.p + r->apos;
        size_t avail = r->ahead.len - r->apos;
        unsigned char *nl = avail > scanned
                                ? memchr(start + scanned, '\n', avail - scanned)
                                : NULL;
        size_t got;

        if (nl) {
            size_t n = (size_t)(nl - start);
            if (n > max && (n - 1 > max || start[n - 1] != '\r')) {
                /* the whole line is here: its head, and past it */
                size_t keep = n < INSPEX_LIMIT_KEEP ? n : INSPEX_LIMIT_KEEP;
                inspex_buf_reset(&r->cut);
                if (inspex_buf_add(&r->cut, start, keep) != 0)
                    return inspex_error_set(err, INSPEX_ERR_NOMEM,
                                            "out of memory");
                r->apos += n + 1;
                *line = r->cut.p;
                *len = n;
                return inspex_limit_error(err, INSPEX_LIMIT_LINE, max, n, 0,
                                          r->name, 0, 0);
            }
            r->apos += n + 1;
            if (n > 0 && start[n - 1] == '\r')
                n--;
            start[n] = '\0';
            *line = (const char *)start;
            *len = n;
            return INSPEX_OK;
        }
        scanned = avail;
        if (avail > max)
            return cut_line(r, max, skip, line, len, err);
        st = ahead_room(r, avail + 8192, err);
        if (st != INSPEX_OK)
            return st;
        st = ahead_fill(r, &got, err);
        if (st != INSPEX_OK)
            return st;
        if (got == 0) {
            /* End of input: the last line may have no newline. */
            avail = r->ahead.len - r->apos;
            if (avail == 0) {
                *line = NULL;
                *len = 0;
                return INSPEX_OK;
            }
            start = (unsigned char *)r->ahead.p + r->apos;
            r->apos = r->ahead.len;
            if (start[avail - 1] == '\r')
                avail--;
            start[avail] = '\0';
            *line = (const char *)start;
            *len = avail;
            return INSPEX_OK;
        }
    }
}

inspex_status_t inspex_reader_read_all(inspex_reader_t *r, size_t max,
                                       char **data, size_t *len,
                                       inspex_error_t *err)
{
    inspex_buf_t b = {0};
    inspex_status_t st = INSPEX_OK;
    size_t got;

    *data = NULL;
    *len = 0;
    for (;;) {
        size_t room = b.len < max ? max - b.len + 1 : 1;
        if (room > 256 * 1024)
            room = 256 * 1024;
        if (inspex_buf_reserve(&b, room) != 0) {
            st = inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
            break;
        }
        st = inspex_reader_read(r, b.p + b.len, room, &got, err);
        if (st != INSPEX_OK || got == 0)
            break;
        b.len += got;
        b.p[b.len] = '\0';
        if (b.len > max) {
            st = inspex_limit_error(err, INSPEX_LIMIT_PAGE, max, b.len, 1,
                                    r->name, 0, 0);
            break;
        }
    }
    if (st != INSPEX_OK) {
        inspex_buf_free(&b);
        return st;
    }
    if (b.p == NULL && inspex_buf_add(&b, "", 0) != 0)
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    *data = b.p;
    *len = b.len;
    return INSPEX_OK;
}

/* ---- byte-order marks --------------------------------------------------- */

inspex_status_t inspex_reader_skip_bom(inspex_reader_t *r, inspex_error_t *err)
{
    const unsigned char *data;
    size_t len;
    inspex_status_t st = inspex_reader_peek(r, 3, &data, &len, err);

    if (st == INSPEX_OK)
        r->apos += inspex_bom_length(data, len);
    return st;
}

void inspex__reader_source_bytes(const inspex_reader_t *r,
                                 unsigned long long *done,
                                 unsigned long long *total)
{
    while (r->inner)
        r = r->inner;
    if (done)
        *done = r->consumed;
    if (total)
        *total = r->fd < 0 ? r->memlen : 0;
}
