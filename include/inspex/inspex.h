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

#define INSPEX_VERSION_MAJOR 0
#define INSPEX_VERSION_MINOR 1
#define INSPEX_VERSION_PATCH 0
#define INSPEX_VERSION_STRING "0.1.0"

#ifdef __cplusplus
extern "C" {
#endif

/* The library's version string, for checking it against the headers. */
const char *inspex_version(void);

#ifdef __cplusplus
}
#endif
#endif
