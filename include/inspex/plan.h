/* SPDX-License-Identifier: MIT */
/*
 * inspex/plan.h - the header plan: what each column name or key of a flat
 * record means in the model, decided once and applied per record.
 *
 * Every importer of flat records (CSV and TSV tables, JSON arrays of flat
 * objects, NDJSON, and the formats to come) maps its names through one
 * plan, so the same table imports the same way whatever carries it. For
 * each name the plan decides one target, with a reason a user can read:
 *
 *   field     an inspection field ("Date fieldwork began" -> fieldwork_start)
 *   standard  a standard's rating, by its code ("1.1", "s1_1", "Standard
 *             1.1 Governance") or by its title in the loaded frameworks
 *             ("Planning", when only one standard has that title)
 *   strand    a strand sub-rating: "strand.2.1.Desistance", value "9/10"
 *   item      an attribute of a numbered item: "recommendation.2.text",
 *             "finding.1.type", "action.3.due", "source.1.url"
 *   row roles the per-row columns of the long layout (standard code,
 *             title, rating) and of the actions layout (action attributes)
 *   extra     nothing above: kept in the record's extra list under the
 *             name as given, and written back on export
 *
 * A name is tried, in order: the user's map (-O map=FILE) replaces it by
 * its target; a row role when the layout has them; the item and strand
 * forms; a standard code; a field by its exact name or a known spelling;
 * a standard by its title; a field by its words. Words are what is left
 * of the name split at spaces, punctuation, digits and lower-to-upper
 * case changes, less stop words ("the", "of", ...): "Fieldwork started",
 * "Date fieldwork began" and "Inspection start date" are all
 * fieldwork_start. Nothing is guessed: a name that fits two standards or
 * two fields is kept in extra and marked ambiguous.
 *
 * A plan comes in two kinds. A header plan holds a table's header, added
 * column by column (inspex_plan_add) and then decided at once
 * (inspex_plan_decide), which may pick the layout from the names; two
 * columns that mean one field keep the first, the second goes to extra. A
 * key plan (inspex_plan_key) grows as keys turn up in records whose keys
 * may differ from one to the next; each key is decided when first seen
 * and found again by a hash. Two keys of one record can mean one field
 * and the plan cannot know: the importer keeps the first per record.
 *
 * A plan is for one import at a time: no two threads may use one plan.
 */
#ifndef INSPEX_PLAN_H
#define INSPEX_PLAN_H

#include <stddef.h>
#include <inspex/error.h>
#include <inspex/model.h>

#ifdef __cplusplus
extern "C" {
#endif

struct inspex_frameworks;

typedef struct inspex_plan inspex_plan_t;

/* Where a column goes. */
typedef enum inspex_plan_target {
    INSPEX_PLAN_EXTRA,      /* the record's extra list, under its name */
    INSPEX_PLAN_FIELD,      /* an inspection field: .field */
    INSPEX_PLAN_STANDARD,   /* a standard's rating: .code (and .title) */
    INSPEX_PLAN_STRAND,     /* a strand of standard .code: .strand */
    INSPEX_PLAN_ITEM,       /* attribute .attr of item .index of .kind */
    INSPEX_PLAN_ROW_CODE,   /* long layout: each row's standard code */
    INSPEX_PLAN_ROW_TITLE,  /* long layout: each row's standard title */
    INSPEX_PLAN_ROW_RATING, /* long layout: each row's rating */
    INSPEX_PLAN_ROW_ACTION  /* actions layout: attribute .attr of the
                               row's improvement-plan action */
} inspex_plan_target_t;

/* The shape of a table. */
typedef enum inspex_layout {
    INSPEX_LAYOUT_AUTO,   /* decide from the header (inspex_plan_decide) */
    INSPEX_LAYOUT_WIDE,   /* one row per inspection, one column per
                             standard */
    INSPEX_LAYOUT_LONG,   /* one row per judgement: code, title, rating
                             columns; rows of one inspection in a run */
    INSPEX_LAYOUT_ACTIONS /* one row per improvement-plan action */
} inspex_layout_t;

/* What the plan decided for one column. Owned by the plan and read-only;
 * strings are borrowed until the plan is freed. Get it only through
 * inspex_plan_column (fields may be added at the end). */
typedef struct inspex_plan_column {
    const char *name;    /* as given: the extra key, and for messages */
    const char *matched; /* the name matched: its -O map target, or name */
    inspex_plan_target_t target;
    int ambiguous;           /* 1: kept in extra because it fits several */
    inspex_field_t field;    /* FIELD */
    const char *code;        /* STANDARD, STRAND: the standard's code;
                                ambiguous title: the codes it fits, "2.1,
                                3.1"; else NULL */
    const char *title;       /* STANDARD: a title the header gives after
                                its code ("1.1 Governance"), else NULL */
    const char *strand;      /* STRAND: the strand's name */
    inspex_item_kind_t kind; /* ITEM */
    size_t index;            /* ITEM: item number, from 1 */
    inspex_attr_t attr;      /* ITEM, ROW_ACTION */
    const char *reason;      /* why, in words: "the words of 'fieldwork
                                start'", "standard 2.2 by its title
                                'Planning' in domain 2", ... */
} inspex_plan_column_t;

/* A new, empty plan. fws (borrowed; may be NULL) gives the standard
 * titles and must outlive the plan. map_path, when not NULL or "", is a
 * user's map file (inspex_header_map_load's format), loaded here; reasons
 * name it. The caller owns *out (inspex_plan_free). Errors: those of
 * inspex_header_map_load; INSPEX_ERR_NOMEM. */
inspex_status_t inspex_plan_new(const struct inspex_frameworks *fws,
                                const char *map_path, inspex_plan_t **out,
                                inspex_error_t *err);
/* Frees a plan; NULL is accepted. */
void inspex_plan_free(inspex_plan_t *plan);

/* Header plans. Appends a column name (copied) to the header; names are
 * decided by inspex_plan_decide. INSPEX_ERR_SYNTAX when the name is
 * already in the header ("duplicate column name \"x\" (columns 2 and
 * 5)"; the caller adds the location), INSPEX_ERR_NOMEM, INSPEX_ERR_USAGE
 * after inspex_plan_decide or on a key plan. */
inspex_status_t inspex_plan_add(inspex_plan_t *plan, const char *name,
                                inspex_error_t *err);
/* Decides every column of the header. With INSPEX_LAYOUT_AUTO the
 * layout is long when the header has a standard-code column ("standard",
 * "code") and a rating column ("rating", "judgement"), actions when it
 * has an "action" column and a lead, timescale, success-measure or RAG
 * column, and wide otherwise. Returns the layout used. Calling it again
 * changes nothing. */
inspex_layout_t inspex_plan_decide(inspex_plan_t *plan, inspex_layout_t layout);
/* The layout of a decided plan (wide for a key plan). */
inspex_layout_t inspex_plan_layout(const inspex_plan_t *plan);

/* Key plans (the wide layout). The column of a key of len bytes (no NUL
 * among them), found, or added and decided when new; its index goes to
 * *index. Past INSPEX_PLAN_KEYS_MAX distinct keys a new key is decided
 * into one scratch column (index inspex_plan_count(plan)) that the next
 * call reuses, so that memory stays bounded on records whose keys never
 * repeat. INSPEX_ERR_NOMEM, INSPEX_ERR_USAGE on a header plan. */
#define INSPEX_PLAN_KEYS_MAX 4096
inspex_status_t inspex_plan_key(inspex_plan_t *plan, const char *key,
                                size_t len, size_t *index, inspex_error_t *err);
/* 1 when the column at index was just added by inspex_plan_key (seen
 * for the first time, or a scratch column): the moment to tell the user
 * (inspex_plan_describe). */
int inspex_plan_is_new(const inspex_plan_t *plan, size_t index);

/* The number of columns (header columns, or keys kept). */
size_t inspex_plan_count(const inspex_plan_t *plan);
/* Column i (borrowed, valid until the plan is freed or, for the scratch
 * column, until the next inspex_plan_key), or NULL when out of range. */
const inspex_plan_column_t *inspex_plan_column(const inspex_plan_t *plan,
                                               size_t i);

/* Sets value, the cell of column i in one record, in insp, as the wide
 * layout reads it: a field is set (an empty value unsets it); a blank
 * standard, strand or item cell is no value; a standard gets a judgement
 * with its rating (and the header's title); a strand ("9/10") is added to
 * its standard's judgement, made when absent; an item cell sets the
 * attribute of item .index, adding items up to it; an extra column adds
 * (name, value) to extra; row roles do nothing (the importer reads rows).
 * flags as for inspex_inspection_set. Errors are the model's (a bad date
 * or rating, a standard judged twice) and INSPEX_ERR_INVALID for a strand
 * value not of the form 9/10, without a location: the caller adds it. */
inspex_status_t inspex_plan_apply(const inspex_plan_t *plan, size_t i,
                                  inspex_inspection_t *insp, const char *value,
                                  unsigned flags, inspex_error_t *err);

/* The same for a whole row of a header plan: values[i] is the cell of
 * column i, for the first n columns (a blank cell of a column with an
 * empty name, such as a sheet's margin, adds nothing). On an error *at
 * (when not NULL) receives the column it was in. INSPEX_ERR_USAGE on a
 * key plan or for more values than columns. One call per row: the
 * cheaper way for a table. */
inspex_status_t inspex_plan_apply_row(const inspex_plan_t *plan,
                                      const char *const *values, size_t n,
                                      inspex_inspection_t *insp, unsigned flags,
                                      size_t *at, inspex_error_t *err);

/* One line for the user on column i: "\"Fieldwork started\" ->
 * fieldwork_start (the words of 'fieldwork start')", "\"notes\" -> extra
 * (no field matches: kept in extra)". Writes at most size bytes with the
 * NUL into buf and returns buf. */
char *inspex_plan_describe(const inspex_plan_t *plan, size_t i, char *buf,
                           size_t size);

/* Matches a name to a field by its words alone (the last step above):
 * the field; -1 when no field fits; -2 when several do, and then the
 * first two that fit go to fits[0] and fits[1] (fits may be NULL). */
int inspex_match_field_words(const char *name, int fits[2]);

/* ---- finding a table's header (issue 14) --------------------------------
 *
 * Tables saved by hand carry title and note rows above the header, blank
 * rows, and footnotes or totals under the data. Every importer of tables
 * (CSV, the spreadsheets) decides "is this row the header" and "is this
 * row a record" with these functions, so a sheet and the CSV saved from
 * it are read alike. */

/* What a row's cells say as column names. */
typedef struct inspex_plan_row_score {
    size_t cells;      /* cells that are not blank */
    size_t recognised; /* of those, names the plan maps to the model: a
                          field, a standard (code or title), a strand, an
                          item attribute, a long-layout row role, or
                          several of them (an ambiguous name) */
    size_t standards;  /* of those, standards */
} inspex_plan_row_score_t;

/* 1 when the n cells of a row read as a table's header: each non-blank
 * cell is decided as a column name would be, through plan's frameworks
 * and map file (plan is an undecided header plan with no columns, used
 * only for those, and left unchanged), and the row is the header when
 * at least two cells are recognised and they are at least a third of its
 * non-blank cells: a title or a note ("Youth justice ratings, 2018 to
 * 2024") is one cell, a data row names nothing; or when three cells are
 * fields' own names ("id", "body_name", "published"), however many other
 * columns the row has. 0 when not; -1 when out of memory. *score (may be
 * NULL) receives the counts, for -v. */
int inspex_plan_is_header_row(const inspex_plan_t *plan,
                              const char *const *cells, size_t n,
                              inspex_plan_row_score_t *score);

/* What a row under the header is. */
typedef enum inspex_row_kind {
    INSPEX_ROW_RECORD, /* data: read it */
    INSPEX_ROW_BLANK,  /* every cell blank: no record, nothing to say */
    INSPEX_ROW_NOTE,   /* one cell with text, the first, in a table of
                          three or more columns: a footnote, a source line
                          or a section heading, not a record (a table
                          with a blank margin column passes its cells
                          from the first named column) */
    INSPEX_ROW_TOTAL   /* its first non-blank cell starts with the word
                          "Total", "Subtotal", "Grand total", "Average",
                          "Mean", "Median" or "Sum": a summary row */
} inspex_row_kind_t;

/* The kind of a row of n cells under a header of ncols columns. An
 * importer reads only INSPEX_ROW_RECORD rows, says what it skipped (a
 * note's or a total's text, in a warning) and skips blank rows. */
inspex_row_kind_t inspex_plan_row_kind(const char *const *cells, size_t n,
                                       size_t ncols);

/* As inspex_plan_add, but a name already in the header is not an error:
 * the column is named NAME_2 (then _3, ...; an empty name, column_N for
 * its column N), as Miller and csvkit do, and *dup receives the column
 * (from 1) that had the name first; 0 when the name was new. The name
 * used is inspex_plan_column(plan, count - 1)->name. The caller warns.
 * Errors: INSPEX_ERR_NOMEM, INSPEX_ERR_USAGE as inspex_plan_add. */
inspex_status_t inspex_plan_add_renaming(inspex_plan_t *plan, const char *name,
                                         size_t *dup, inspex_error_t *err);

#ifdef __cplusplus
}
#endif
#endif
