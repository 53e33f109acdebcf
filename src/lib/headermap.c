/* SPDX-License-Identifier: MIT */
/* headermap.c - a user's own header names, loaded from a JSON file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <inspex/model.h>

#include "internal.h"

struct inspex_header_map {
    char **from, **to;
    size_t n;
};

void inspex_header_map_free(inspex_header_map_t *map)
{
    if (map == NULL)
        return;
    inspex__free_names(map->from, map->n);
    inspex__free_names(map->to, map->n);
    free(map);
}

inspex_status_t inspex_header_map_load(const char *path,
                                       inspex_header_map_t **out,
                                       inspex_error_t *err)
{
    json_error_t je;
    json_t *doc, *v;
    const char *k;
    inspex_header_map_t *map;
    char code[32];

    *out = NULL;
    doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (doc == NULL)
        return inspex_error_set_at(
            err, je.line > 0 ? INSPEX_ERR_SYNTAX : INSPEX_ERR_IO, path,
            je.line > 0 ? (unsigned long)je.line : 0,
            je.column > 0 ? (unsigned long)je.column : 0, "%s", je.text);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return inspex_error_set_at(err, INSPEX_ERR_SYNTAX, path, 0, 0,
                                   "a header map is a JSON object from "
                                   "column names to field names");
    }
    map = calloc(1, sizeof(*map));
    if (map)
        map->from = calloc(json_object_size(doc) + 1, sizeof(char *));
    if (map)
        map->to = calloc(json_object_size(doc) + 1, sizeof(char *));
    if (map == NULL || map->from == NULL || map->to == NULL) {
        inspex_header_map_free(map);
        json_decref(doc);
        return inspex_error_set(err, INSPEX_ERR_NOMEM, "out of memory");
    }
    json_object_foreach (doc, k, v) {
        const char *t = json_string_value(v);
        if (t == NULL || (inspex_match_field(t) < 0 &&
                          !inspex_match_standard(t, code, sizeof(code)))) {
            inspex_status_t st = inspex_error_set_at(
                err, INSPEX_ERR_INVALID, path, 0, 0,
                "\"%s\" maps to %s%s%s, which names no field or standard "
                "code",
                k, t ? "\"" : "", t ? t : "a value that is not a string",
                t ? "\"" : "");
            inspex_header_map_free(map);
            json_decref(doc);
            return st;
        }
        map->from[map->n] = inspex__strdup(k);
        map->to[map->n] = inspex__strdup(t);
        map->n++;
    }
    json_decref(doc);
    *out = map;
    return INSPEX_OK;
}

const char *inspex_header_map_apply(const inspex_header_map_t *map,
                                    const char *h)
{
    for (size_t i = 0; map && i < map->n; i++)
        if (map->from[i] && strcmp(map->from[i], h) == 0)
            return map->to[i];
    return h;
}
