#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/gen-page.py REPORT.html OUT.html - a report page as heavy as the
live site's: REPORT's own markup inside some 200 KB of menus, a cookie
banner, inline styles and scripts and a footer, minified onto one line, as
a WordPress theme serves it (see shared/DOMAIN.md). Deterministic."""
import random
import sys

random.seed(1)
page = open(sys.argv[1], encoding="utf-8").read()
words = ("probation youth justice inspection report service court "
         "partnership staff guidance news careers data publications "
         "thematic annual effective practice").split()


def phrase(n):
    return " ".join(random.choice(words) for _ in range(n)).capitalize()


nav = "".join('<li class="menu-item menu-item-%d"><a href="/hmiprobation/%s/">'
              '%s</a></li>' % (i, phrase(2).replace(" ", "-").lower(),
                               phrase(3)) for i in range(900))
script = "".join("var w%d=function(a,b){return a&&b?'%s':null};"
                 % (i, phrase(4)) for i in range(900))
style = "".join(".c%d{margin:0 %dpx;color:#%06x}"
                % (i, i % 40, i * 977 % 0xffffff) for i in range(1500))
head = ('<link rel="stylesheet" href="/wp-content/themes/hmi/style.css">'
        '<style>%s</style><script>%s</script>' % (style, script))
banner = ('<div id="cookie-banner" class="cookie-banner"><p>We use cookies '
          'to collect information about how you use this website.</p>'
          '<button>Accept all cookies</button><button>Reject</button></div>'
          '<nav class="primary"><ul>%s</ul></nav>' % nav)
footer = ('<footer><ul>%s</ul><script>%s</script></footer>'
          % (nav[:40000], script[:20000]))
page = page.replace("</head>", head + "</head>", 1)
page = page.replace('<body class="report">',
                    '<body class="report">' + banner, 1)
page = page.replace("</body>", footer + "</body>", 1)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(page.replace("\n", " "))
