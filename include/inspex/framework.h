/* SPDX-License-Identifier: MIT */
/*
 * inspex/framework.h - inspection frameworks as data, and the checks that
 * hold inspections to them.
 *
 * A framework is a JSON file (one per framework in frameworks/, schema in
 * docs/schema/framework.schema.json): its standards, its rating scale and
 * its scoring rule. The checker infers an inspection's framework when the
 * input does not name it, computes the score and overall rating from the
 * standards where the framework has a scoring rule, and reports every
 * problem it finds.
 */
#ifndef INSPEX_FRAMEWORK_H
#define INSPEX_FRAMEWORK_H

#include <stddef.h>
#include <inspex/error.h>
#include <inspex/model.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct inspex_framework inspex_framework_t;
typedef struct inspex_frameworks inspex_frameworks_t;

/* ---- the set of known frameworks ---------------------------------------- */

/* A new, empty set; the caller owns it (inspex_frameworks_free). */
inspex_frameworks_t *inspex_frameworks_new(void);
void inspex_frameworks_free(inspex_frameworks_t *set);
/* Loads one framework file. A malformed file is INSPEX_ERR_SYNTAX naming
 * the file (and line and column for JSON errors) and the fault; an id
 * already loaded is kept, the new file ignored. The labels and aliases of
 * a framework loaded join the program's rating vocabulary (see
 * inspex_rating_normalise), so that importers accept its words; they stay
 * in it when the set is freed. */
inspex_status_t inspex_frameworks_load_file(inspex_frameworks_t *set,
                                            const char *path,
                                            inspex_error_t *err);
/* Loads every "*.json" in dir; a missing dir is an error only when
 * must_exist. */
inspex_status_t inspex_frameworks_load_dir(inspex_frameworks_t *set,
                                           const char *dir, int must_exist,
                                           inspex_error_t *err);
/* Loads, in order: each directory of INSPEX_FRAMEWORK_PATH
 * (colon-separated), the installed framework directory, and the source
 * tree's frameworks/ when the program runs from its build tree. */
inspex_status_t inspex_frameworks_load_default(inspex_frameworks_t *set,
                                               inspex_error_t *err);
size_t inspex_frameworks_count(const inspex_frameworks_t *set);
/* Framework i in load order (borrowed), or NULL. */
const inspex_framework_t *inspex_frameworks_get(const inspex_frameworks_t *set,
                                                size_t i);
/* The framework of an id, or NULL. */
const inspex_framework_t *inspex_frameworks_find(const inspex_frameworks_t *set,
                                                 const char *id);

/* Matches a column header or key that names a standard without a numeric
 * code, across every framework of the set: by title ("governance and
 * leadership", case, spaces and punctuation ignored) or by a non-numeric
 * code ("resettlement"). Returns 1 and the code when all matches agree on
 * one code; 0 when nothing matches; -1 when the header fits several codes
 * (they go to code, comma-separated, for the message: "2.1, 3.1"). */
int inspex_frameworks_match_standard(const inspex_frameworks_t *set,
                                     const char *header, char *code,
                                     size_t size);

/* ---- one framework ------------------------------------------------------ */

/* Strings are borrowed, valid while the set lives. */
const char *inspex_framework_id(const inspex_framework_t *fw);
const char *inspex_framework_title(const inspex_framework_t *fw);
const char *inspex_framework_inspectorate(const inspex_framework_t *fw);
/* The file it was loaded from. */
const char *inspex_framework_path(const inspex_framework_t *fw);
/* Dates in force; a year of 0 means open-ended. */
void inspex_framework_in_force(const inspex_framework_t *fw,
                               inspex_date_t *from, inspex_date_t *to);
/* The dates in force as text, "2018-06 to 2021-07" ("?" for an unknown
 * start, "now" for no end), into buf. */
void inspex_framework_in_force_text(const inspex_framework_t *fw, char *buf,
                                    size_t size);
/* 1 when the framework lists all its standards (a standard it does not
 * list is then an error). */
int inspex_framework_standards_complete(const inspex_framework_t *fw);

size_t inspex_framework_standard_count(const inspex_framework_t *fw);
/* Standard i: code, title, domain code (may be NULL), whether it counts
 * towards the score. Returns 0 when i is out of range. */
int inspex_framework_standard(const inspex_framework_t *fw, size_t i,
                              const char **code, const char **title,
                              const char **domain, int *counted);
/* The index of the standard of a code, or -1. */
int inspex_framework_find_standard(const inspex_framework_t *fw,
                                   const char *code);
/* Matches a header naming a standard by its title ("governance and
 * leadership", "Governance_and_Leadership"): 1 and the code when exactly
 * one standard has that title; 0 when none; -1 when several do (codes,
 * comma-separated, go to code so a message can name them). */
int inspex_framework_match_title(const inspex_framework_t *fw,
                                 const char *header, char *code, size_t size);

size_t inspex_framework_rating_count(const inspex_framework_t *fw);
/* Rating i of the scale, best first: label, points (-1 when the scale
 * has no points). Returns 0 when out of range. */
int inspex_framework_rating(const inspex_framework_t *fw, size_t i,
                            const char **label, int *points);
/* The scale's label for a word, through its labels and aliases, case
 * and spacing ignored; NULL when the word is not on the scale. The label
 * is the one the model stores (interned, the same pointer for every
 * scale that has it). */
const char *inspex_framework_rating_label(const inspex_framework_t *fw,
                                          const char *word);
/* The index of that label on the scale (for inspex_framework_rating), or
 * -1. */
int inspex_framework_rating_index(const inspex_framework_t *fw,
                                  const char *word);
/* "Outstanding, Good, Requires improvement, Inadequate" into buf. */
void inspex_framework_scale_text(const inspex_framework_t *fw, char *buf,
                                 size_t size);

/* 1 when the framework has a scoring rule; *max receives the maximum. */
int inspex_framework_scoring(const inspex_framework_t *fw, int *max);
/* The overall rating for a score under the bands (the scale's label), or
 * NULL. *lo and *hi (when not NULL) receive the band's bounds. */
const char *inspex_framework_band(const inspex_framework_t *fw, long score,
                                  long *lo, long *hi);

/* ---- checks ------------------------------------------------------------- */

typedef enum inspex_severity { INSPEX_WARNING, INSPEX_ERROR } inspex_severity_t;

/* One problem found by a check. Strings are borrowed for the duration of
 * the callback. */
typedef struct inspex_problem {
    inspex_severity_t severity;
    const char *check;     /* short name: "score-mismatch", "duplicate", ... */
    const char *message;   /* one line, no location */
    const char *source;    /* where the inspection came from (file or URL) */
    unsigned long line;    /* 0 when unknown */
    const char *body;      /* body name, or "" */
    const char *published; /* ISO date, or "" */
    /* How messages name the inspection: its body, else its local
     * authority, else "" (then its line names it). Added after the
     * fields above, which keep their places. */
    const char *label;
} inspex_problem_t;

typedef void (*inspex_problem_fn)(void *userdata, const inspex_problem_t *p);

/* The one-line text of a problem as inspex prints it, "SOURCE:LINE:
 * warning: NAME (PUBLISHED): MESSAGE", where NAME is the label (body,
 * else local authority), else "line N" (parts that are not known are
 * left out), written into buf as snprintf(3) would: at most size bytes with
 * the NUL, and the length the whole text needs is returned, so a caller
 * can allocate that plus one and call again. No allocation. */
size_t inspex_problem_format(const inspex_problem_t *p, char *buf, size_t size);

/* What a check (by its short name, inspex_problem_t.check) finds, as one
 * phrase for a message that counts the inspections it was found in
 * ("counted standards not rated, so no score computed"); static. NULL
 * for a name that is not a check's. */
const char *inspex_check_summary(const char *check);

typedef struct inspex_checker inspex_checker_t;

/* A checker over a set of frameworks (borrowed; must outlive it). The
 * caller owns it (inspex_checker_free). */
inspex_checker_t *inspex_checker_new(const inspex_frameworks_t *set,
                                     inspex_problem_fn fn, void *userdata);
void inspex_checker_free(inspex_checker_t *c);
/* Remember at most limit inspections for the duplicate check (0, the
 * default: no limit), so that memory stays flat on a long stream; past it
 * one warning says that no more duplicates are looked for. Each
 * inspection remembered costs about 20 bytes. */
void inspex_checker_set_duplicate_limit(inspex_checker_t *c, size_t limit);
/* Whether warnings are wanted (1, the default). With 0 the checker
 * neither formats nor reports its warnings, which costs nothing then:
 * for a host that would hide them (a command line's -q). Errors are
 * reported either way. */
void inspex_checker_set_warnings(inspex_checker_t *c, int wanted);
/* Receives a sentence for each framework inference ("-v"). */
void inspex_checker_set_note(inspex_checker_t *c,
                             void (*note)(void *userdata, const char *text),
                             void *userdata);

/* Checks one inspection: settles its framework (named, or inferred from
 * its inspectorate, dates, standards and ratings; an ambiguous or failed
 * inference is a warning and leaves the framework unset), converts a score
 * given as a percentage to points, computes the score and overall rating
 * where the framework has a scoring rule (into computed_score and
 * computed_rating; published values are never overwritten), and reports
 * each problem through the callback. Remembers (body, publication date)
 * to report duplicates. Returns the number of errors found, or -1 when
 * out of memory. */
int inspex_check(inspex_checker_t *c, inspex_inspection_t *insp);

/* Asked before each warning is formatted (added after inspex_check,
 * in ABI order): p is the problem with its message NULL, everything else
 * as the callback would get it. Returning 0 says the caller has no use
 * for this warning's text (a host that counts repeated warnings and shows
 * only the first few, say, counts it here): it is then neither formatted
 * nor reported. Returning 1 has it made and reported as usual. NULL, the
 * default: every warning is. Errors are never asked about. */
typedef int (*inspex_problem_wanted_fn)(void *userdata,
                                        const inspex_problem_t *p);
void inspex_checker_set_wanted(inspex_checker_t *c, inspex_problem_wanted_fn fn,
                               void *userdata);

#ifdef __cplusplus
}
#endif
#endif
