/* SPDX-License-Identifier: MIT */
/*
 * internal.h - helpers shared by the library's own files; not installed.
 * Names are prefixed inspex__ (two underscores). The byte buffer and the
 * hash are the public ones (<inspex/buf.h>, <inspex/hash.h>), so that the
 * library and the plugins share one of each.
 */
#ifndef INSPEX_INTERNAL_H
#define INSPEX_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inspex/buf.h>
#include <inspex/error.h>
#include <inspex/hash.h>
#include <inspex/model.h>
#include <inspex/stream.h>

/* For a function's rare path, kept apart so that the usual one needs no
 * stack frame. */
#if defined(__GNUC__)
#define INSPEX__NOINLINE __attribute__((noinline))
#else
#define INSPEX__NOINLINE
/* The bytes a reader has taken from its source so far, as stored
 * (compressed for gzip; through a transcoding reader, its inner one's),
 * and the source's size when it is memory, else 0 (reader.c). */
struct inspex_reader;
void inspex__reader_source_bytes(const struct inspex_reader *r,
                                 unsigned long long *done,
                                 unsigned long long *total);

/* How a message names an inspection (check.c): "LABEL (PUBLISHED)",
 * where an empty or NULL label is "line N" when line is known; "" when
 * nothing is. Written as snprintf(3) would; returns the length. */
size_t inspex__inspection_name(const char *label, unsigned long line,
                               const char *published, char *buf, size_t size);

#endif

/* strdup that returns NULL for NULL. Caller owns the result. */
char *inspex__strdup(const char *s);
char *inspex__strndup(const char *s, size_t n);
/* Allocating vprintf; NULL when out of memory. Caller owns the result. */
char *inspex__vasprintf(const char *fmt, va_list ap) INSPEX_PRINTF(1, 0);
char *inspex__asprintf(const char *fmt, ...) INSPEX_PRINTF(1, 2);
/* 1 when a and b are the same string. Inline: the values compared on
 * the hot path (rating words, standard codes) are a few bytes long, and a
 * call into the C library costs more than comparing them. */
static inline int inspex__streq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* Case-insensitive ASCII comparison. */
int inspex__strcasecmp(const char *a, const char *b);

/* The entries of dir (no dot files) ending in suffix (NULL: any), sorted.
 * Returns -1 when dir cannot be opened. Free with inspex__free_names. */
int inspex__list_dir(const char *dir, const char *suffix, char ***names,
                     size_t *count);
void inspex__free_names(char **names, size_t count);

/* Runs a formatted message through a handler with "source:line:col: " in
 * front, as the CLI prints it. */
char *inspex__located(const char *source, unsigned long line,
                      unsigned long column, const char *text);

/* 1 when the running program lives inside the build tree, where it uses
 * the plugins and frameworks built or kept there. */
int inspex__in_build_tree(void);

/* Parsers with a context named in their messages ("for published",
 * "for standard 2.2"); context may be NULL. */
struct inspex_date;
/* The one date reader (date.c): the two forms nearly every file uses,
 * "2020-06-04" and "04/06/2020" (06/04/2020 with INSPEX_DATE_MONTHFIRST),
 * by a fast path, anything else by the tokeniser. inspex__date_parse
 * gives the date; inspex__date_store gives the form the model stores
 * ("2020-06-04", "2020-06", "2020"): *len bytes at the returned pointer,
 * which is text itself when it is in that form already and else iso; or
 * NULL (no message) when text is no date as it stands. */
const char *inspex__date_store(const char *text, unsigned flags, char iso[11],
                               size_t *len);
/* The reader's fast path alone, for its tests: 1 when text is exactly a
 * real date in one of those two forms, with the date in *out (left alone
 * otherwise). */
int inspex__date_fast(const char *text, unsigned flags,
                      struct inspex_date *out);
inspex_status_t inspex__date_parse(const char *text, unsigned flags,
                                   struct inspex_date *out, const char *context,
                                   inspex_error_t *err);
/* ---- the rating vocabulary (rating.c) ----------------------------------- */

/* The longest match key of a rating word, with its NUL. */
#define INSPEX__RATING_KEY_MAX 128

/* The one copy of s, for the life of the program, followed by
 * INSPEX_STRING_PADDING zero bytes; equal strings give the same pointer.
 * NULL when out of memory. */
const char *inspex__intern(const char *s);
/* inspex__intern, but NULL rather than add a string once the strings it
 * has added come to more than cap bytes: for strings taken from input
 * (a table's standard titles), which must not grow the pool without end
 * in a long-running program. */
const char *inspex__intern_capped(const char *s, size_t cap);
/* The stored form of a rating word (its label on the loaded scales, or,
 * for a word that names different labels on different scales, one
 * interned spelling of it that the checker settles), through the labels
 * and aliases with case, spaces and punctuation ignored; NULL and
 * INSPEX_ERR_INVALID naming the word and the accepted words otherwise. */
const char *inspex__rating(const char *text, const char *context,
                           inspex_error_t *err);
/* The stored form when the len bytes of text (no NUL among them) are
 * exactly a label or alias as its framework file writes it (interned and
 * padded; such text was UTF-8-checked when the file loaded), else NULL.
 * The hot path of a ratings table: no copy, no folding, no UTF-8 check. */
const char *inspex__rating_exact_n(const char *text, size_t len);
/* 1 when stored (a stored rating) is a word that names different labels
 * on different loaded scales, with "\"Good\" on scale a, \"Strong
 * standard\" on scale b" in buf; else 0. */
int inspex__rating_ambiguous(const char *stored, char *buf, size_t size);
/* 1 when any loaded word is ambiguous: without one, no stored rating
 * need be looked at. */
int inspex__rating_any_ambiguous(void);

/* What the library knows of each field: its name, kind and the match
 * keys that name it (space-separated), for the model's setters to read
 * without a call. */
typedef struct inspex__field_info {
    const char *name;
    inspex_kind_t kind;
    const char *aliases;
} inspex__field_info_t;
extern const inspex__field_info_t inspex__fields[];
/* inspex_match_field, saying how the header matched in *how. */
enum { INSPEX__MATCH_NAME, INSPEX__MATCH_ALIAS, INSPEX__MATCH_PERCENT };
int inspex__match_field_how(const char *header, int *how);
/* The names and words match.c's lookup tables had no room for: 0, or a
 * list outgrew them. */
size_t inspex__match_tables_dropped(void);

/* The checks' own setters, for values already in the model's stored form:
 * a rating label (interned, padded) stored as it is, and a whole number 0
 * or more. No parsing, no UTF-8 check. Return -1 when out of memory. */
struct inspex_inspection;
struct inspex_judgement;
void inspex__inspection_set_label(struct inspex_inspection *insp, int field,
                                  const char *label);
void inspex__judgement_set_label(struct inspex_judgement *j, const char *label);
/* A standard code as inspex_inspection_add_judgement takes it: letters,
 * digits and dots, at most INSPEX__CODE_MAX. inspex__standard_code
 * checks one, copies it zero-padded and hashes it (1 when it is one);
 * inspex__inspection_add_judgement_coded then adds judgements of it
 * without checking again: what a plan's column does on every row. */
#define INSPEX__CODE_MAX 16
int inspex__standard_code(const char *code, char padded[INSPEX__CODE_MAX + 1],
                          uint64_t *hash);
struct inspex_judgement *inspex__inspection_add_judgement_coded(
    struct inspex_inspection *insp, const char padded[INSPEX__CODE_MAX + 1],
    uint64_t hash, inspex_error_t *err);
/* The stored form of a text value that is the same on every row (a
 * table's standard title, taken from its header): checked and trimmed
 * as inspex_judgement_set_title would, then interned (capped). NULL when
 * it would not store (invalid UTF-8, blank), or the cap is reached: set
 * it the usual way then, which says why. */
const char *inspex__text_interned(const char *value);
/* Sets j's title to s, a string inspex__text_interned returned. */
void inspex__judgement_set_title_interned(struct inspex_judgement *j,
                                          const char *s);
int inspex__inspection_set_count(struct inspex_inspection *insp, int field,
                                 long value);
const char *inspex__rag(const char *text, const char *context,
                        inspex_error_t *err);

/* The bytes a reader has taken from its source so far, as stored
 * (compressed for gzip; through a transcoding reader, its inner one's),
 * and the source's size when it is memory, else 0 (reader.c). */
struct inspex_reader;
void inspex__reader_source_bytes(const struct inspex_reader *r,
                                 unsigned long long *done,
                                 unsigned long long *total);

/* How a message names an inspection (check.c): "LABEL (PUBLISHED)",
 * where an empty or NULL label is "line N" when line is known; "" when
 * nothing is. Written as snprintf(3) would; returns the length. */
size_t inspex__inspection_name(const char *label, unsigned long line,
                               const char *published, char *buf, size_t size);

/* Frees the n inspections of v (model.c; NULL ones are passed over), as
 * inspex_inspection_free does each but under one lock for all: the
 * engine's writer frees a batch at a time. */
void inspex__inspections_free(inspex_inspection_t **v, size_t n);

/* For the engine's workers that import fetched documents: turn(ud) is
 * called on every turn of inspex_fetcher_run's loop, which also wakes
 * when fd is readable; the run does not end while turn returns 1 (work
 * that may still queue URLs). NULL turn: none. */
/* Names a third-party plugin in err's message, as an import's failure
 * is named (pipeline.c). */
struct inspex_plugin;
void inspex__name_plugin(const struct inspex_plugin *p, inspex_status_t st,
                         inspex_error_t *err);

struct inspex_fetcher;
void inspex__fetcher_set_turn(struct inspex_fetcher *f, int fd,
                              int (*turn)(void *ud), void *ud);
/* The spare inspections kept now, and (max) how many may be: for tests
 * (0 and 0 under the sanitizers, which keep none). A thread takes up to
 * 16 at a time into a stash of its own, given back when it ends. */
size_t inspex__spares(size_t *max);

/* Merges src into dst (merge.c; inspex_import_emit_merged): fields dst
 * lacks are set from src, src's judgements, items and extra pairs that
 * dst lacks are added, and a source of the same URL gets the attributes
 * it lacks. A field or rating the two give differently keeps dst's, with
 * a "warning: ..." line to warn (may be NULL). INSPEX_OK, or the error of
 * a value that could not be copied (INSPEX_ERR_NOMEM). */
inspex_status_t inspex__inspection_merge(
    inspex_inspection_t *dst, const inspex_inspection_t *src,
    void (*warn)(void *ud, const char *text), void *ud, inspex_error_t *err);

/* 1 when bytes of w went to an output that is not committed whole
 * (standard output, not a temporary file renamed at the end) and w has
 * not been committed: a run that fails then leaves part of its output. */
int inspex__writer_partial(const inspex_writer_t *w);

#endif
