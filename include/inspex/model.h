/* SPDX-License-Identifier: MIT */
/*
 * inspex/model.h - the inspection data model.
 *
 * All types are opaque handles with accessors, so fields can be added
 * without breaking plugins. Strings given to setters are copied and must be
 * UTF-8 (invalid UTF-8 is INSPEX_ERR_ENCODING with the byte offset); strings
 * returned by getters are borrowed and stay valid until the value is set
 * again or its owner is freed. Every such string is followed, after its
 * NUL, by at least INSPEX_STRING_PADDING readable bytes of unspecified
 * value, so that a writer may read it a vector at a time without finding
 * its end first (never past the padding, and never writing).
 *
 * The shared parsing every importer needs lives here, once: date forms,
 * rating words and header-to-field matching.
 */
#ifndef INSPEX_MODEL_H
#define INSPEX_MODEL_H

#include <stddef.h>
#include <inspex/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Readable bytes after the NUL of every string a model getter returns. */
#define INSPEX_STRING_PADDING 16

/* ---- dates -------------------------------------------------------------- */

/* A calendar date that may be partial: month and day are 0 when the source
 * did not give them ("February 2020" is {2020, 2, 0}). Never padded. */
typedef struct inspex_date {
    int year;
    int month; /* 1-12, or 0 when unknown */
    int day;   /* 1-31, or 0 when unknown */
} inspex_date_t;

/* Flags for inspex_date_parse and setters that parse dates. */
#define INSPEX_DATE_MONTHFIRST 0x1u /* read 06/04/2020 as June 4 (US files) */
/* For the setters that take flags (inspex_inspection_set, inspex_item_set,
 * inspex_plan_apply_row): the value is valid UTF-8 already, because the
 * importer checked the text it came from, so it is not checked again.
 * Pass it only for text so checked: a value that is not valid UTF-8 would
 * be stored as it is. */
#define INSPEX_VALUE_UTF8 0x2u

/* Parses the date forms found in published data: 2020-06-04, 2020-06, 2020,
 * 04/06/2020, 04/06/20 (two-digit years 00-69 are 20xx, 70-99 are 19xx),
 * "4 June 2020", "4th June 2020", "June 4, 2020", "Thursday 4 June 2020",
 * "June 2020", "Jun 2020". Day-first unless INSPEX_DATE_MONTHFIRST.
 * Impossible dates (31/02/2020) are INSPEX_ERR_INVALID. */
inspex_status_t inspex_date_parse(const char *text, unsigned flags,
                                  inspex_date_t *out, inspex_error_t *err);
/* Parses a date range as fieldwork is given: "24 to 28 February 2020",
 * "24-28 February 2020", "24 February - 6 March 2020", "24/02/2020 to
 * 28/02/2020" (an en or em dash works as "-"). The start may leave out
 * the month and year the end gives. A single date sets *start and leaves
 * *end with year 0. A range that ends before it starts is
 * INSPEX_ERR_INVALID. */
inspex_status_t inspex_date_range_parse(const char *text, unsigned flags,
                                        inspex_date_t *start,
                                        inspex_date_t *end,
                                        inspex_error_t *err);
/* Writes the ISO 8601 form ("2020-06-04", "2020-02", "2020") into buf and
 * returns its length; "" for a date with year 0. */
size_t inspex_date_format(const inspex_date_t *date, char *buf, size_t size);
/* Orders two dates; a partial date sorts before full dates it contains. */
int inspex_date_compare(const inspex_date_t *a, const inspex_date_t *b);

/* ---- UTF-8 -------------------------------------------------------------- */

/* Checks that len bytes are valid UTF-8 (no overlongs, no surrogates).
 * Returns INSPEX_OK, or INSPEX_ERR_ENCODING with the offset of the first
 * bad byte in *bad_offset (when not NULL). */
inspex_status_t inspex_utf8_check(const char *text, size_t len,
                                  size_t *bad_offset);

/* ---- ratings ------------------------------------------------------------ */

/* Normalises a rating word to its label through the rating vocabulary:
 * the labels and aliases of the scales of every framework loaded in the
 * program (inspex_frameworks_load_file and the functions that call it;
 * until one loads, those inspex_frameworks_load_default finds, loaded on
 * first use). "requires improvement", "Requires Improvement" and "RI" all
 * give "Requires improvement". Case, surrounding quotes, spaces and a
 * trailing full stop do not matter. Returns the borrowed label, interned
 * for the life of the program (padded as every model string is; the
 * same word always gives the same pointer), or NULL and
 * INSPEX_ERR_INVALID in err naming the word and the accepted words.
 * A word shared by several scales with one label ("Good") gives that
 * label: its scale is the inspection's framework's. A word that names
 * different labels on different loaded scales gives one spelling of it,
 * which the checker (inspex_check) settles to the label it has on the
 * inspection's framework, with a warning when no framework settles it. */
const char *inspex_rating_normalise(const char *text, inspex_error_t *err);
/* The same for RAG status words of improvement plans: No improvement,
 * Some progress, Good progress, Complete (also Red/Amber/Green/Blue). */
const char *inspex_rag_normalise(const char *text, inspex_error_t *err);

/* ---- inspection fields -------------------------------------------------- */

typedef enum inspex_field {
    INSPEX_FIELD_ID,              /* a source's own id for the inspection */
    INSPEX_FIELD_BODY_NAME,       /* inspected body: "Medway YOT" */
    INSPEX_FIELD_BODY_CODE,       /* a code for the body (YJB code, ...) */
    INSPEX_FIELD_LOCAL_AUTHORITY, /* one or more, separated by "; " */
    INSPEX_FIELD_REGION,
    INSPEX_FIELD_NATION,
    INSPEX_FIELD_INSPECTORATE, /* "HMIP" */
    INSPEX_FIELD_FRAMEWORK,    /* framework id */
    INSPEX_FIELD_INSPECTION_TYPE,
    INSPEX_FIELD_FIELDWORK_START, /* date */
    INSPEX_FIELD_FIELDWORK_END,   /* date */
    INSPEX_FIELD_PUBLISHED,       /* date */
    INSPEX_FIELD_OVERALL_RATING,  /* rating, as published */
    INSPEX_FIELD_SCORE,           /* integer points, as published */
    INSPEX_FIELD_SCORE_MAX,       /* integer: what the score is out of */
    INSPEX_FIELD_SCORE_PERCENT,   /* decimal: score as a percentage of the
                                     maximum, as published ("44.44") */
    INSPEX_FIELD_COMPUTED_SCORE,  /* integer: computed from the standards */
    INSPEX_FIELD_COMPUTED_RATING, /* rating: from the computed score */
    INSPEX_FIELD__COUNT
} inspex_field_t;

typedef enum inspex_kind {
    INSPEX_KIND_TEXT,
    INSPEX_KIND_DATE,    /* stored as ISO 8601, possibly partial */
    INSPEX_KIND_RATING,  /* stored as the label (inspex_rating_normalise) */
    INSPEX_KIND_INTEGER, /* stored as decimal digits */
    INSPEX_KIND_RAG,     /* improvement-plan status, canonical label */
    INSPEX_KIND_CHOICE,  /* one of a fixed set of words */
    INSPEX_KIND_DECIMAL  /* a decimal number, kept as written ("44.44")
                            but for leading zeros ("06" is "6") */
} inspex_kind_t;

/* The canonical snake_case name of a field ("body_name"), or NULL. */
const char *inspex_field_name(inspex_field_t field);
/* The kind of value a field holds. */
inspex_kind_t inspex_field_kind(inspex_field_t field);

/* Normalises a header or key for matching: lower case, letters and digits
 * only ("Body Name", "body_name" and "BODY-NAME" give "bodyname"). Writes
 * at most size bytes including the NUL and returns buf. */
char *inspex_match_key(const char *header, char *buf, size_t size);
/* Matches a column header or object key to an inspection field through the
 * canonical names and the aliases published data uses (la_name, yot,
 * date_of_publication, overall, score_out_of_36, ...); a score header
 * with "%" or "percent" in it ("score_%") is the score percentage.
 * Returns the field, or -1 when the header maps to none. */
int inspex_match_field(const char *header);
/* Recognises a header that names a standard by its code: "1.1",
 * "1.1 Governance and leadership", "s1_1", "standard_1.1", "Standard 1.1",
 * and "standard.CODE" (a title may follow) for any code of letters,
 * digits and dots ("standard.resettlement"), the form exporters write
 * for codes the other forms cannot carry.
 * Writes the dotted code ("1.1") to code and returns 1, else returns 0.
 * Headers that name a standard only by title are left to the framework. */
int inspex_match_standard(const char *header, char *code, size_t size);

/* A user's own header names, for what the matcher does not know: a JSON
 * object from column name (or key) to a model field name or a standard
 * code, {"Name of YOT": "body_name", "Assessment (court)": "2.1"}. */
typedef struct inspex_header_map inspex_header_map_t;

/* Loads a map file; the caller owns *out (inspex_header_map_free).
 * Errors name the file: INSPEX_ERR_IO, INSPEX_ERR_SYNTAX (with line and
 * column), INSPEX_ERR_INVALID for a target that names no field or
 * standard. */
inspex_status_t inspex_header_map_load(const char *path,
                                       inspex_header_map_t **out,
                                       inspex_error_t *err);
void inspex_header_map_free(inspex_header_map_t *map);
/* The name to match for header h: its target in the map, or h itself
 * when the map is NULL or does not name it. Borrowed. */
const char *inspex_header_map_apply(const inspex_header_map_t *map,
                                    const char *h);

/* ---- child items: recommendations, findings, actions, sources ----------- */

typedef enum inspex_item_kind {
    INSPEX_ITEM_RECOMMENDATION,
    INSPEX_ITEM_FINDING,
    INSPEX_ITEM_ACTION, /* improvement-plan action */
    INSPEX_ITEM_SOURCE,
    INSPEX_ITEM__COUNT
} inspex_item_kind_t;

typedef enum inspex_attr {
    INSPEX_ATTR_REFERENCE,       /* recommendation number / action ref */
    INSPEX_ATTR_ADDRESSEE,       /* who a recommendation is to */
    INSPEX_ATTR_TEXT,            /* recommendation, finding or action text */
    INSPEX_ATTR_TYPE,            /* finding: "strength" or "concern" */
    INSPEX_ATTR_DOMAIN,          /* finding: domain code */
    INSPEX_ATTR_LEAD,            /* action lead */
    INSPEX_ATTR_DUE,             /* action timescale, a (partial) date */
    INSPEX_ATTR_SUCCESS_MEASURE, /* action success measure */
    INSPEX_ATTR_RAG,             /* action status */
    INSPEX_ATTR_URL,             /* source: requested URL */
    INSPEX_ATTR_FINAL_URL,       /* source: URL after redirects */
    INSPEX_ATTR_TITLE,
    INSPEX_ATTR_RETRIEVED_AT, /* ISO 8601 timestamp */
    INSPEX_ATTR_MEDIA_TYPE,
    INSPEX_ATTR_HTTP_STATUS,
    INSPEX_ATTR_ETAG,
    INSPEX_ATTR_LAST_MODIFIED,
    INSPEX_ATTR_PDF_URL,
    INSPEX_ATTR__COUNT
} inspex_attr_t;

typedef struct inspex_item inspex_item_t;

/* "recommendation", "finding", "action", "source"; NULL when out of range. */
const char *inspex_item_kind_name(inspex_item_kind_t kind);
/* The attributes an item kind has, in export order; *count receives their
 * number. Static storage. */
const inspex_attr_t *inspex_item_attrs(inspex_item_kind_t kind, size_t *count);
/* The snake_case name of an attribute ("success_measure"), or NULL. */
const char *inspex_attr_name(inspex_attr_t attr);
inspex_kind_t inspex_attr_kind(inspex_attr_t attr);
/* Matches a header to an attribute of the given kind, as inspex_match_field
 * does for inspections (action: "timescale" is due, "status" is rag).
 * Returns the attribute or -1. */
int inspex_match_attr(inspex_item_kind_t kind, const char *header);

inspex_item_kind_t inspex_item_kind(const inspex_item_t *item);
/* Sets an attribute, parsing it by its kind (dates, RAG words); an empty
 * value unsets it. INSPEX_ERR_USAGE for an attribute the kind lacks. */
inspex_status_t inspex_item_set(inspex_item_t *item, inspex_attr_t attr,
                                const char *value, unsigned flags,
                                inspex_error_t *err);
/* Borrowed value, or NULL when unset. */
const char *inspex_item_get(const inspex_item_t *item, inspex_attr_t attr);

/* ---- judgements --------------------------------------------------------- */

typedef struct inspex_judgement inspex_judgement_t;

/* Code of the judged standard, domain or key question ("1.1"). Borrowed. */
const char *inspex_judgement_code(const inspex_judgement_t *j);
const char *inspex_judgement_title(const inspex_judgement_t *j);
/* The rating's label (see inspex_rating_normalise: the scale is the
 * inspection's framework's), or NULL when the judgement carries none. */
const char *inspex_judgement_rating(const inspex_judgement_t *j);
inspex_status_t inspex_judgement_set_title(inspex_judgement_t *j,
                                           const char *title,
                                           inspex_error_t *err);
/* Normalises and sets the rating (see inspex_rating_normalise). */
inspex_status_t inspex_judgement_set_rating(inspex_judgement_t *j,
                                            const char *rating,
                                            inspex_error_t *err);
/* Adds a strand sub-rating: the share of inspected cases judged
 * sufficient, numerator of denominator (9 of 10). INSPEX_ERR_INVALID when
 * numerator > denominator or denominator is 0. */
inspex_status_t inspex_judgement_add_strand(inspex_judgement_t *j,
                                            const char *name, int numerator,
                                            int denominator,
                                            inspex_error_t *err);
size_t inspex_judgement_strand_count(const inspex_judgement_t *j);
/* Reads strand i; name is borrowed. Returns 0 when i is out of range. */
int inspex_judgement_strand(const inspex_judgement_t *j, size_t i,
                            const char **name, int *numerator,
                            int *denominator);

/* ---- inspections -------------------------------------------------------- */

typedef struct inspex_inspection inspex_inspection_t;

/* A new empty inspection; the caller owns it (inspex_inspection_free), or
 * hands it on to a function that takes it. NULL when out of memory. */
inspex_inspection_t *inspex_inspection_new(void);
/* Frees an inspection and everything it holds; NULL is accepted. */
void inspex_inspection_free(inspex_inspection_t *insp);

/* Sets a field from text, parsing it by the field's kind: dates in any
 * form inspex_date_parse reads (flags pass INSPEX_DATE_MONTHFIRST),
 * ratings through inspex_rating_normalise, integers as whole numbers.
 * Leading and trailing spaces are trimmed; an empty value unsets the
 * field. On error the field keeps its old value. */
inspex_status_t inspex_inspection_set(inspex_inspection_t *insp,
                                      inspex_field_t field, const char *value,
                                      unsigned flags, inspex_error_t *err);
/* The stored value in its canonical text form, or NULL when unset.
 * Borrowed. */
const char *inspex_inspection_get(const inspex_inspection_t *insp,
                                  inspex_field_t field);
/* How messages name the inspection: its body's name, else its local
 * authority (as stored, "; "-separated when several), else NULL (then
 * its line names it). Borrowed, like inspex_inspection_get. */
const char *inspex_inspection_label(const inspex_inspection_t *insp);
/* Typed reads: return 1 and fill *out when the field is set, else 0. */
int inspex_inspection_get_date(const inspex_inspection_t *insp,
                               inspex_field_t field, inspex_date_t *out);
int inspex_inspection_get_int(const inspex_inspection_t *insp,
                              inspex_field_t field, long *out);

/* Where the record came from, for messages: source name and 1-based line
 * (0 when unknown). The source is copied. */
inspex_status_t inspex_inspection_set_origin(inspex_inspection_t *insp,
                                             const char *source,
                                             unsigned long line);
const char *inspex_inspection_origin(const inspex_inspection_t *insp,
                                     unsigned long *line);

/* Adds a judgement for a code ("1.1"; letters, digits and dots). Returns
 * it, borrowed and owned by the inspection, or NULL with an error when the
 * code is malformed or already judged. */
inspex_judgement_t *inspex_inspection_add_judgement(inspex_inspection_t *insp,
                                                    const char *code,
                                                    inspex_error_t *err);
size_t inspex_inspection_judgement_count(const inspex_inspection_t *insp);
/* Judgement i in the order added; NULL when out of range. Borrowed. */
inspex_judgement_t *inspex_inspection_judgement(const inspex_inspection_t *insp,
                                                size_t i);
/* The judgement for a code, or NULL. Borrowed. */
inspex_judgement_t *inspex_inspection_find_judgement(
    const inspex_inspection_t *insp, const char *code);

/* Adds an empty item of a kind; returns it borrowed (owned by the
 * inspection), or NULL when out of memory. */
inspex_item_t *inspex_inspection_add_item(inspex_inspection_t *insp,
                                          inspex_item_kind_t kind);
size_t inspex_inspection_item_count(const inspex_inspection_t *insp,
                                    inspex_item_kind_t kind);
/* Item i of a kind in the order added, or NULL. Borrowed. */
inspex_item_t *inspex_inspection_item(const inspex_inspection_t *insp,
                                      inspex_item_kind_t kind, size_t i);

/* Appends a key/value pair that no model slot holds; order is kept and a
 * key may repeat. Both are copied and must be UTF-8. */
inspex_status_t inspex_inspection_add_extra(inspex_inspection_t *insp,
                                            const char *key, const char *value,
                                            inspex_error_t *err);
size_t inspex_inspection_extra_count(const inspex_inspection_t *insp);
/* Pair i, borrowed; NULL when out of range. */
const char *inspex_inspection_extra_key(const inspex_inspection_t *insp,
                                        size_t i);
const char *inspex_inspection_extra_value(const inspex_inspection_t *insp,
                                          size_t i);

/* A deep copy of insp (its origin too); the caller owns it. NULL when
 * out of memory. */
inspex_inspection_t *inspex_inspection_clone(const inspex_inspection_t *insp);

/* Compares two inspections field by field, including judgements (by
 * code, in any order), items and extra (in order; not the origin).
 * Returns 1 when equal. */
int inspex_inspection_equal(const inspex_inspection_t *a,
                            const inspex_inspection_t *b);

/* ---- datasets ----------------------------------------------------------- */

typedef struct inspex_dataset inspex_dataset_t;

/* A new empty dataset; the caller owns it (inspex_dataset_free). */
inspex_dataset_t *inspex_dataset_new(void);
/* Frees the dataset and every inspection in it; NULL is accepted. */
void inspex_dataset_free(inspex_dataset_t *ds);
/* Appends an inspection, taking ownership of it (also on failure, when it
 * is freed). */
inspex_status_t inspex_dataset_take(inspex_dataset_t *ds,
                                    inspex_inspection_t *insp);
size_t inspex_dataset_count(const inspex_dataset_t *ds);
/* Inspection i, borrowed; NULL when out of range. */
inspex_inspection_t *inspex_dataset_at(const inspex_dataset_t *ds, size_t i);

#ifdef __cplusplus
}
#endif
#endif
