/* SPDX-License-Identifier: MIT */
/*
 * xml.h - what the XML plugin's files share (internal, not installed).
 *
 * xml.c        the descriptor, the option table and the probe
 * xml_write.c  the streaming writer (its own, with xmlTextWriter's
 *              escapes)
 * xml_read.c   the streaming reader (libxml2's xmlTextReader), with the
 *              schema check of -O validate=true
 * xsd.c        docs/schema/inspex.xsd as a C string, made by the build
 *
 * The format (docs/formats.md, docs/schema/inspex.xsd): a root
 * <inspections version="1"> in the namespace XML__NS holding one
 * <inspection> per record; in it each set model field as an element of
 * its snake_case name, in model order, then <judgement code= title=
 * rating=> with <strand name= numerator= denominator=/> children, the
 * items (<recommendation>, <finding>, <action>, <source>) with an element
 * per attribute, and <extra key="...">value</extra> pairs in order.
 */
#ifndef INSPEX_PLUGIN_XML_H
#define INSPEX_PLUGIN_XML_H

#include <stddef.h>

#include <inspex/plugin.h>

#define XML__NS "urn:x-inspex:xml:1"
#define XML__VERSION "1"

/* The XSD, NUL-terminated, and its length (xsd.c). */
extern const char xml__xsd[];
extern const size_t xml__xsd_len;

/* The exporter. */
inspex_status_t xml__begin(inspex_export_t *ctx, void **state,
                           inspex_error_t *err);
inspex_status_t xml__record(inspex_export_t *ctx, void *state,
                            const inspex_inspection_t *insp,
                            inspex_error_t *err);
inspex_status_t xml__end(inspex_export_t *ctx, void *state,
                         inspex_error_t *err);
void xml__free(void *state);

/* The importer. */
inspex_status_t xml__import(inspex_import_t *ctx, inspex_error_t *err);

#endif
