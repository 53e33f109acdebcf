/* SPDX-License-Identifier: MIT */
/* rawtext_check.h - for the tests and the fuzz target only: whether
 * libxml2's HTML parser makes the same tree of a page and of what
 * report_drop_raw_text made of it, but for the dropped text. Each tree is
 * written out as a signature (every node's type, name, attributes and
 * text, in document order; no text or CDATA node under a script or a
 * style, which is where the parser puts their text), and the
 * two are compared. */
#ifndef INSPEX_REPORT_RAWTEXT_CHECK_H
#define INSPEX_REPORT_RAWTEXT_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <inspex/buf.h>

static void rawtext_sig_nodes(inspex_buf_t *b, xmlNodePtr n, int raw)
{
    for (; n; n = n->next) {
        char head[16];
        if (raw &&
            (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE))
            continue; /* a script's or a style's text */
        snprintf(head, sizeof(head), "<%d:", (int)n->type);
        inspex_buf_adds(b, head);
        if (n->name)
            inspex_buf_adds(b, (const char *)n->name);
        for (xmlAttrPtr a = n->type == XML_ELEMENT_NODE ? n->properties : NULL;
             a; a = a->next) {
            xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
            inspex_buf_add(b, " ", 1);
            inspex_buf_adds(b, (const char *)a->name);
            inspex_buf_add(b, "=", 1);
            if (v)
                inspex_buf_adds(b, (const char *)v);
            xmlFree(v);
        }
        inspex_buf_add(b, ">", 1);
        if (n->content)
            inspex_buf_adds(b, (const char *)n->content);
        if (n->type == XML_ELEMENT_NODE)
            rawtext_sig_nodes(b, n->children,
                              strcmp((const char *)n->name, "script") == 0 ||
                                  strcmp((const char *)n->name, "style") == 0);
        inspex_buf_add(b, "</>", 3);
    }
}

/* The signature of html's tree into b (emptied first); 0 when libxml2
 * made no tree. */
static int rawtext_sig(inspex_buf_t *b, const char *html, size_t len,
                       int options)
{
    htmlDocPtr doc = htmlReadMemory(html, (int)len, "http://x.test/", NULL,
                                    options);

    inspex_buf_reset(b);
    if (doc == NULL)
        return 0;
    rawtext_sig_nodes(b, doc->children, 0);
    xmlFreeDoc(doc);
    return 1;
}

/* 1 when the page and its copy without raw text make the same tree (or
 * nothing was dropped). */
static int rawtext_same_tree(const char *html, size_t len, int options)
{
    size_t n;
    char *lean = report_drop_raw_text(html, len, &n);
    inspex_buf_t a, b;
    int same;

    if (lean == NULL)
        return 1;
    inspex_buf_init(&a, 0);
    inspex_buf_init(&b, 0);
    same = rawtext_sig(&a, html, len, options) ==
               rawtext_sig(&b, lean, n, options) &&
           a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
    inspex_buf_free(&a);
    inspex_buf_free(&b);
    free(lean);
    return same;
}

#endif
