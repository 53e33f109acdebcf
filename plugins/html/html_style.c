/* SPDX-License-Identifier: MIT */
/*
 * html_style.c - the report page's style sheet and its sort script,
 * written inline into every page (the page fetches nothing).
 *
 * Colours: each rating cell holds its rating word, so the page reads
 * without colour; each tier's text and background pass WCAG AA for
 * normal text (a contrast ratio of at least 4.5:1; tests/cli/html.sh
 * computes every pair). A print style sheet sets A4 pages, keeps colours
 * and hides the sort buttons' look. The script only adds sorting: with
 * scripts off every table is there, in the order inspex wrote it.
 */
#include "config.h"

#include "html.h"

const char html__css[] =
    ":root{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Helvetica Neue\",Arial,sans-serif;color:#1a1a1a;background:#fff;"
    "line-height:1.4}\n"
    "body{margin:0 auto;max-width:80rem;padding:1rem 1.5rem}\n"
    "h1{font-size:1.6rem;margin:.5rem 0}\n"
    "h2{font-size:1.3rem;margin:1.5rem 0 .5rem;border-bottom:2px solid "
    "#444}\n"
    "h3{font-size:1.1rem;margin:1.2rem 0 .4rem}\n"
    "h4{font-size:1rem;margin:.8rem 0 .3rem}\n"
    "table{border-collapse:collapse;margin:.3rem 0 1rem}\n"
    "th,td{border:1px solid #8a8a8a;padding:.25rem .4rem;text-align:left;"
    "vertical-align:top}\n"
    "thead th{background:#e8e8e8;color:#1a1a1a}\n"
    "thead th button{font:inherit;font-weight:bold;color:inherit;"
    "background:none;border:0;padding:0;cursor:pointer;text-align:left}\n"
    "thead th[aria-sort=ascending] button::after{content:\" \\25B2\"}\n"
    "thead th[aria-sort=descending] button::after{content:\" \\25BC\"}\n"
    ".grid-wrap{overflow-x:auto}\n"
    ".grid td.r{min-width:5.5rem}\n"
    ".grid .t{display:block;font-weight:normal;font-size:.75rem}\n"
    ".num{text-align:right}\n"
    /* the tiers, best (1) to worst (4); 0 for a rating without a place */
    ".t1{background:#14532d;color:#ffffff}\n"
    ".t2{background:#bbf7d0;color:#052e16}\n"
    ".t3{background:#fde68a;color:#422006}\n"
    ".t4{background:#991b1b;color:#ffffff}\n"
    ".t0{background:#e5e7eb;color:#111827}\n"
    "rect.t1{fill:#14532d}rect.t2{fill:#bbf7d0}rect.t3{fill:#fde68a}"
    "rect.t4{fill:#991b1b}rect.t0{fill:#e5e7eb}\n"
    ".none{color:#4b5563}\n"
    ".disagree{border:2px solid #991b1b;color:#991b1b;background:#ffffff;"
    "font-weight:bold}\n"
    ".verdict{font-weight:bold}\n"
    "li.disagree{border:0;padding-left:.2rem}\n"
    ".chart text{font-size:13px;fill:#1a1a1a}\n"
    ".muted{color:#4b5563}\n"
    "dl.meta{display:grid;grid-template-columns:max-content auto;"
    "gap:.1rem 1rem;margin:.3rem 0}\n"
    "dl.meta dt{font-weight:bold}\n"
    "dl.meta dd{margin:0}\n"
    "article{border-top:1px solid #8a8a8a;margin-top:1rem}\n"
    "@page{size:A4 landscape;margin:12mm}\n"
    "@media print{\n"
    ":root{font-size:9pt}\n"
    "body{max-width:none;padding:0}\n"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    ".grid-wrap{overflow:visible}\n"
    ".grid{font-size:6pt;width:100%}\n"
    ".grid th,.grid td{padding:1px 2px}\n"
    ".grid td.r{min-width:0}\n"
    ".grid th[scope=row]{min-width:6em;overflow-wrap:anywhere}\n"
    ".grid .t{font-size:5pt;overflow-wrap:anywhere}\n"
    "thead{display:table-header-group}\n"
    "tr,li,dl{break-inside:avoid}\n"
    "h2,h3,h4{break-after:avoid}\n"
    "article{break-before:page;border:0}\n"
    "thead th[aria-sort] button::after{content:\"\"}\n"
    "a{color:inherit;text-decoration:none}\n"
    "}\n";

/* Makes each header of a table.sortable a button that sorts the rows by
 * that column: by a cell's data-sort when it has one (dates, scores,
 * rating tiers), else by its text; numbers as numbers. */
const char html__script[] =
    "(function(){\n"
    "function key(c){var k=c.getAttribute('data-sort');"
    "return k===null?c.textContent.trim():k;}\n"
    "function cmp(a,b){var x=Number(a),y=Number(b);"
    "if(a!==''&&b!==''&&!isNaN(x)&&!isNaN(y))return x-y;"
    "return a.localeCompare(b);}\n"
    "function sortBy(t,i,th){\n"
    "var asc=th.getAttribute('aria-sort')!=='ascending';\n"
    "var hs=t.tHead.rows[0].cells;\n"
    "for(var h=0;h<hs.length;h++)hs[h].removeAttribute('aria-sort');\n"
    "th.setAttribute('aria-sort',asc?'ascending':'descending');\n"
    "var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);\n"
    /* a cell without a value (an empty key) goes last both ways, as in a
     * spreadsheet */
    "rows.sort(function(p,q){var x=key(p.cells[i]),y=key(q.cells[i]);"
    "if(x===''||y==='')return (x==='')-(y==='');"
    "var r=cmp(x,y);return asc?r:-r;});\n"
    "for(var r=0;r<rows.length;r++)b.appendChild(rows[r]);\n"
    "}\n"
    "var ts=document.querySelectorAll('table.sortable');\n"
    "Array.prototype.forEach.call(ts,function(t){\n"
    "Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){\n"
    "var b=document.createElement('button');b.type='button';\n"
    "while(th.firstChild)b.appendChild(th.firstChild);\n"
    "th.appendChild(b);\n"
    "b.addEventListener('click',function(){sortBy(t,i,th);});\n"
    "});});\n"
    "})();\n";
