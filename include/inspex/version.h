/* SPDX-License-Identifier: MIT */
/*
 * inspex/version.h - the version of these headers. inspex_version()
 * (inspex/inspex.h) gives the library's, which may be newer.
 */
#ifndef INSPEX_VERSION_H
#define INSPEX_VERSION_H

#define INSPEX_VERSION_MAJOR 0
#define INSPEX_VERSION_MINOR 1
#define INSPEX_VERSION_PATCH 0
#define INSPEX_VERSION_STRING "0.1.0"

#endif
