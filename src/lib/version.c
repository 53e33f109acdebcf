/* SPDX-License-Identifier: MIT */
/* version.c - the library's version. */
#include "config.h"

#include <inspex/inspex.h>

const char *inspex_version(void)
{
    return PACKAGE_VERSION;
}
