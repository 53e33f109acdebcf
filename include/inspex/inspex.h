/* SPDX-License-Identifier: MIT */
/*
 * inspex/inspex.h - umbrella header and version.
 */
#ifndef INSPEX_INSPEX_H
#define INSPEX_INSPEX_H

#include <inspex/error.h>
#include <inspex/model.h>
#include <inspex/stream.h>
#include <inspex/plugin.h>
#include <inspex/framework.h>
#include <inspex/plan.h>

#include <inspex/version.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version string, for checking it against the headers. */
const char *inspex_version(void);

#ifdef __cplusplus
}
#endif
#endif
