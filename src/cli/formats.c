/* SPDX-License-Identifier: MIT */
/* formats.c - `inspex formats`: the installed plugins and their options. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

static const char *type_name(inspex_opt_type_t t)
{
    switch (t) {
    case INSPEX_OPT_STRING: return "string";
    case INSPEX_OPT_BOOL: return "bool";
    case INSPEX_OPT_INT: return "int";
    case INSPEX_OPT_CHOICE: return "choice";
    case INSPEX_OPT_CHAR: return "char";
    }
    return "?";
}

static const char *scope_name(unsigned scope)
{
    if ((scope & INSPEX_OPT_IMPORT) && (scope & INSPEX_OPT_EXPORT))
        return "import, export";
    return scope & INSPEX_OPT_IMPORT ? "import" : "export";
}

static void caps_text(const inspex_plugin_t *p, char *buf, size_t size)
{
    size_t n;

    snprintf(buf, size, "%s%s%s%s",
             p->capabilities & INSPEX_CAP_IMPORT ? "import " : "",
             p->capabilities & INSPEX_CAP_EXPORT ? "export " : "",
             p->capabilities & INSPEX_CAP_STREAM ? "stream " : "",
             p->capabilities & INSPEX_CAP_FETCH ? "fetch " : "");
    n = strlen(buf);
    if (n > 0 && buf[n - 1] == ' ')
        buf[n - 1] = '\0';
}

static json_t *strings(const char *const *list)
{
    json_t *a = json_array();
    for (; list && *list; list++)
        json_array_append_new(a, json_string(*list));
    return a;
}

static json_t *plugin_json(const inspex_plugin_t *p, const char *origin)
{
    json_t *o = json_object(), *caps = json_array(), *opts = json_array();

    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "description",
                        json_string(p->description ? p->description : ""));
    json_object_set_new(o, "version",
                        json_string(p->version ? p->version : ""));
    if (p->capabilities & INSPEX_CAP_IMPORT)
        json_array_append_new(caps, json_string("import"));
    if (p->capabilities & INSPEX_CAP_EXPORT)
        json_array_append_new(caps, json_string("export"));
    if (p->capabilities & INSPEX_CAP_STREAM)
        json_array_append_new(caps, json_string("stream"));
    if (p->capabilities & INSPEX_CAP_FETCH)
        json_array_append_new(caps, json_string("fetch"));
    json_object_set_new(o, "capabilities", caps);
    json_object_set_new(o, "extensions", strings(p->extensions));
    json_object_set_new(o, "media_types", strings(p->media_types));
    json_object_set_new(o, "file", json_string(origin));
    json_object_set_new(o, "headers",
                        inspex_plugin_headers(p)
                            ? json_string(inspex_plugin_headers(p))
                            : json_null());
    for (const inspex_option_t *op = p->options; op && op->name; op++) {
        json_t *j = json_object();
        json_object_set_new(j, "name", json_string(op->name));
        json_object_set_new(j, "type", json_string(type_name(op->type)));
        json_object_set_new(j, "default",
                            op->default_value ? json_string(op->default_value)
                                              : json_null());
        if (op->choices)
            json_object_set_new(j, "choices", json_string(op->choices));
        json_object_set_new(j, "applies_to",
                            json_string(scope_name(op->scope)));
        json_object_set_new(j, "help", json_string(op->help ? op->help : ""));
        json_array_append_new(opts, j);
    }
    json_object_set_new(o, "options", opts);
    return o;
}

static void show_one(cli_t *cli, const inspex_plugin_t *p, const char *origin)
{
    char caps[64];

    caps_text(p, caps, sizeof(caps));
    cli_printf(cli, "%s %s - %s\n", p->name, p->version ? p->version : "",
               p->description ? p->description : "");
    cli_printf(cli, "  capabilities: %s\n", caps);
    cli_printf(cli, "  extensions:  ");
    for (const char *const *e = p->extensions; e && *e; e++)
        cli_printf(cli, " .%s", *e);
    cli_printf(cli, "\n  media types: ");
    for (const char *const *m = p->media_types; m && *m; m++)
        cli_printf(cli, " %s", *m);
    cli_printf(cli, "\n  file:         %s\n", origin);
    cli_printf(cli, "  headers:      %s\n",
               inspex_plugin_headers(p) ? inspex_plugin_headers(p)
                                        : "not recorded (built before "
                                          "descriptors carried it)");
    if (p->options == NULL || p->options->name == NULL) {
        cli_printf(cli, "  options:      none\n");
        return;
    }
    cli_printf(cli, "  options (-O key=value):\n");
    for (const inspex_option_t *o = p->options; o->name; o++) {
        cli_printf(cli, "    %-16s %s%s%s, %s; default %s\n", o->name,
                   type_name(o->type), o->choices ? " " : "",
                   o->choices ? o->choices : "", scope_name(o->scope),
                   o->default_value ? o->default_value : "none");
        cli_printf(cli, "    %-16s %s\n", "", o->help ? o->help : "");
    }
}

const cli_option_t cli_formats_options[] = {
    CLI_OPT_JSON("print the formats (or the one) as JSON"),
    CLI_OPT_END,
};

int cmd_formats(cli_t *cli, int argc, char **argv)
{
    int c, as_json = 0, rc = EXIT_OK;
    const char *name = NULL;

    while ((c = cli_getopt(cli, argc, argv, &rc)) > 0)
        if (c == OPT_JSON)
            as_json = 1;
    if (c == CLI_STOP)
        return rc;
    if (optind < argc)
        name = argv[optind++];
    if (optind < argc) {
        cli_error("formats: one format name at most");
        return EXIT_USAGE;
    }
    if ((rc = cli_load_registry(cli)) != EXIT_OK)
        return rc;
    if (name) {
        const inspex_plugin_t *p = inspex_registry_find(cli->reg, name);
        size_t i;
        if (p == NULL) {
            for (i = 0; i < inspex_registry_broken_count(cli->reg); i++) {
                const char *bn, *path, *why;
                inspex_registry_broken(cli->reg, i, &bn, &path, &why);
                if (strcmp(bn, name) == 0) {
                    cli_error("format '%s' is unavailable: plugin %s was "
                              "skipped: %s",
                              name, path, why);
                    return EXIT_PLUGIN;
                }
            }
            cli_error("unknown format '%s'; 'inspex formats' lists them", name);
            return EXIT_USAGE;
        }
        for (i = 0; inspex_registry_get(cli->reg, i) != p; i++)
            ;
        if (as_json) {
            json_t *o = plugin_json(p, inspex_registry_origin(cli->reg, i));
            json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
            cli_printf(cli, "\n");
            json_decref(o);
        } else {
            show_one(cli, p, inspex_registry_origin(cli->reg, i));
        }
        return EXIT_OK;
    }
    if (as_json) {
        json_t *a = json_array();
        for (size_t i = 0; i < inspex_registry_count(cli->reg); i++)
            json_array_append_new(
                a, plugin_json(inspex_registry_get(cli->reg, i),
                               inspex_registry_origin(cli->reg, i)));
        /* the plugins that were skipped, with why */
        for (size_t i = 0; i < inspex_registry_broken_count(cli->reg); i++) {
            const char *bn, *path, *why;
            json_t *o = json_object();
            inspex_registry_broken(cli->reg, i, &bn, &path, &why);
            json_object_set_new(o, "name", json_string(bn));
            json_object_set_new(o, "file", json_string(path));
            json_object_set_new(o, "broken", json_string(why));
            json_object_set_new(o, "capabilities", json_array());
            json_array_append_new(a, o);
        }
        json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        cli_printf(cli, "\n");
        json_decref(a);
        return EXIT_OK;
    }
    for (size_t i = 0; i < inspex_registry_count(cli->reg); i++) {
        const inspex_plugin_t *p = inspex_registry_get(cli->reg, i);
        char caps[64], exts[64] = "";
        size_t n = 0;
        caps_text(p, caps, sizeof(caps));
        for (const char *const *e = p->extensions; e && *e && n < sizeof(exts);
             e++)
            n += (size_t)snprintf(exts + n, sizeof(exts) - n, "%s.%s",
                                  n ? " " : "", *e);
        cli_printf(cli, "%-8s %-21s %-16s %s\n", p->name, caps, exts,
                   inspex_registry_origin(cli->reg, i));
    }
    if (inspex_registry_count(cli->reg) == 0)
        cli_error("no formats installed: no plugins were found");
    return EXIT_OK;
}
