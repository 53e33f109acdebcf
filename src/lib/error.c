/* error.c - the error object and status names. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/error.h>

#include "internal.h"

struct inspex_error {
    inspex_status_t code;
    char *message;
    char *source;
    unsigned long line;
    unsigned long column;
    char *text; /* cache for inspex_error_text */
};

inspex_error_t *inspex_error_new(void)
{
    return calloc(1, sizeof(inspex_error_t));
}

void inspex_error_clear(inspex_error_t *err)
{
    if (err == NULL)
        return;
    free(err->message);
    free(err->source);
    free(err->text);
    memset(err, 0, sizeof(*err));
}

void inspex_error_free(inspex_error_t *err)
{
    inspex_error_clear(err);
    free(err);
}

static void set_message(inspex_error_t *err, inspex_status_t code,
                        const char *fmt, va_list ap) INSPEX_PRINTF(3, 0);

static void set_message(inspex_error_t *err, inspex_status_t code,
                        const char *fmt, va_list ap)
{
    char *msg = inspex__vasprintf(fmt, ap);

    free(err->message);
    free(err->text);
    err->text = NULL;
    /* Out of memory while reporting: fall back to the code's name. */
    err->message = msg ? msg : inspex__strdup(inspex_strerror(code));
    err->code = code;
}

inspex_status_t inspex_error_set(inspex_error_t *err, inspex_status_t code,
                                 const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    va_start(ap, fmt);
    set_message(err, code, fmt, ap);
    va_end(ap);
    return code;
}

inspex_status_t inspex_error_set_at(inspex_error_t *err, inspex_status_t code,
                                    const char *source, unsigned long line,
                                    unsigned long column, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return code;
    va_start(ap, fmt);
    set_message(err, code, fmt, ap);
    va_end(ap);
    free(err->source);
    err->source = inspex__strdup(source);
    err->line = line;
    err->column = column;
    return code;
}

void inspex_error_locate(inspex_error_t *err, const char *source,
                         unsigned long line, unsigned long column)
{
    if (err == NULL)
        return;
    if (source) {
        char *s = inspex__strdup(source);
        free(err->source);
        err->source = s;
    }
    err->line = line;
    err->column = column;
    free(err->text);
    err->text = NULL;
}

void inspex_error_copy(inspex_error_t *dst, const inspex_error_t *src)
{
    if (dst == NULL || src == NULL || dst == src)
        return;
    inspex_error_clear(dst);
    dst->code = src->code;
    dst->message = inspex__strdup(src->message);
    dst->source = inspex__strdup(src->source);
    dst->line = src->line;
    dst->column = src->column;
}

inspex_status_t inspex_error_code(const inspex_error_t *err)
{
    return err ? err->code : INSPEX_OK;
}

const char *inspex_error_message(const inspex_error_t *err)
{
    return err && err->message ? err->message : "";
}

const char *inspex_error_source(const inspex_error_t *err)
{
    return err && err->source ? err->source : "";
}

unsigned long inspex_error_line(const inspex_error_t *err)
{
    return err ? err->line : 0;
}

unsigned long inspex_error_column(const inspex_error_t *err)
{
    return err ? err->column : 0;
}

const char *inspex_error_text(inspex_error_t *err)
{
    if (err == NULL)
        return "";
    if (err->text == NULL)
        err->text = inspex__located(err->source, err->line, err->column,
                                    err->message ? err->message
                                                 : inspex_strerror(err->code));
    return err->text ? err->text : inspex_error_message(err);
}

/* The codes' numbers are the ABI: a change to INSPEX_STATUS_MAP that
 * moves one fails here. */
_Static_assert(INSPEX_OK == 0 && INSPEX_ERR_NOMEM == 1 &&
                   INSPEX_ERR_USAGE == 2 && INSPEX_ERR_IO == 3 &&
                   INSPEX_ERR_NETWORK == 4 && INSPEX_ERR_SYNTAX == 5 &&
                   INSPEX_ERR_INVALID == 6 && INSPEX_ERR_ENCODING == 7 &&
                   INSPEX_ERR_PLUGIN == 8 && INSPEX_ERR_STOP == 9,
               "status codes are part of the ABI");

const char *inspex_strerror(inspex_status_t code)
{
#define MESSAGE_(value, name, message, exit) \
    case INSPEX_##name: return message;
    switch (code) {
        INSPEX_STATUS_MAP(MESSAGE_)
    }
#undef MESSAGE_
    return "unknown error";
}
