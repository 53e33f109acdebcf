/* SPDX-License-Identifier: MIT */
/* html_extract.c - libFuzzer target over the report page extractor.
 * Whatever the bytes, it must not crash, leak or hang, and what it gives
 * must hold together: a report has a body name and a publication date,
 * a listing has absolute links (a scheme, no fragment), each with its
 * text, and a page that is neither says what was missing; an error always
 * has a message and names the URL. The title and URL readers (names.c)
 * run on the page's title too. Dropping the text of the page's scripts
 * and styles before parsing it (rawtext.c) leaves libxml2's tree as it
 * was, but for that text. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <inspex/inspex.h>

#include "../plugins/report/extract.h"
#include "../plugins/report/rawtext_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inspex_frameworks_t *frameworks(void)
{
    static inspex_frameworks_t *fw;

    if (fw == NULL) {
        fw = inspex_frameworks_new();
        inspex_frameworks_load_dir(fw, INSPEX_SRCDIR "/frameworks", 1, NULL);
    }
    return fw;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char url[] = "https://www.justiceinspectorates.gov.uk/r/";
    report_page_t page;
    inspex_error_t *err = inspex_error_new();
    inspex_status_t st = report_extract((const char *)data, size, url,
                                        frameworks(), &page, err);

    if (size <= INT_MAX &&
        !rawtext_same_tree((const char *)data, size, REPORT_PARSE_OPTIONS))
        abort();
    if (st != INSPEX_OK) {
        if (inspex_error_message(err)[0] == '\0' ||
            (st != INSPEX_ERR_NOMEM &&
             strcmp(inspex_error_source(err), url) != 0))
            abort();
    } else if (page.insp) {
        if (inspex_inspection_get(page.insp, INSPEX_FIELD_BODY_NAME) == NULL ||
            inspex_inspection_get(page.insp, INSPEX_FIELD_PUBLISHED) == NULL ||
            page.title == NULL || page.nlinks != 0)
            abort();
    } else if (page.listing) {
        for (size_t i = 0; i < page.nlinks; i++)
            if (strchr(page.links[i], ':') == NULL ||
                strchr(page.links[i], '#') != NULL ||
                page.link_texts[i] == NULL)
                abort();
        for (size_t i = 0; i < page.npages; i++)
            if (strchr(page.pages[i], '#') != NULL)
                abort();
    } else if (page.missing[0] == '\0') {
        abort();
    }
    if (page.title) {
        report_title_t t;
        char las[512], code[64];
        if (report_title_parse(page.title, &t) == 0) {
            report_local_authorities(t.place, las, sizeof(las));
            if (strlen(las) >= sizeof(las))
                abort();
        }
        report_short_code(page.title, code, sizeof(code));
    }
    report_page_clear(&page);
    inspex_error_free(err);
    return 0;
}
