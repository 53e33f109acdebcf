/* SPDX-License-Identifier: MIT */
/*
 * guard.h - the library's one place for signals (internal, not installed).
 *
 * Two jobs. Temporary output files are registered while they exist, so
 * that SIGINT, SIGTERM and SIGHUP (and a crash) remove them before the
 * process dies: the handler unlinks each registered path (unlink is
 * async-signal-safe) and re-raises the signal with its default action.
 *
 * Calls into plugin code are marked: the thread making one records which
 * plugin and which entry point is running. A fatal signal (SIGSEGV,
 * SIGBUS, SIGFPE, SIGILL, SIGABRT) on that thread, an exit() from inside
 * the call, or a probe that outlives its time limit ends the process with
 * status 4 and one line naming the plugin, its file and the entry point,
 * after removing the temporaries. A crash while loading, in the entry
 * function or in a probe is also written to the plugin cache
 * (inspex__plugin_cache_*), so later runs skip that file by name until it
 * changes or `inspex plugins check` finds it sound again.
 *
 * Handlers are installed on first use (inspex__guard_init). A
 * termination signal the host ignores or handles itself is left alone;
 * for the fatal signals a host's (or a sanitizer's) handler still runs
 * for every crash outside plugin code.
 */
#ifndef INSPEX_GUARD_H
#define INSPEX_GUARD_H

#include <inspex/plugin.h>

/* One marked call, on the caller's stack; calls nest (an importer's emit
 * reaching an exporter on the same thread). */
typedef struct inspex__call {
    const inspex_plugin_t *plugin; /* NULL while loading */
    const char *name;              /* while loading: the file's stem */
    const char *path;              /* while loading: the file */
    const char *entry;             /* "probe", "import", ... (static) */
    struct inspex__call *prev;
    int probe_timer; /* armed a probe's time limit */
} inspex__call_t;

/* Installs the handlers once; safe to call from any thread, any time. */
void inspex__guard_init(void);

/* Marks the start and the end of a call into plugin code on this thread.
 * entry must be a string literal. */
void inspex__guard_enter(inspex__call_t *c, const inspex_plugin_t *plugin,
                         const char *entry);
void inspex__guard_leave(inspex__call_t *c);
/* The same while a file is loaded (its constructors and entry symbol),
 * before there is a descriptor; name and path stay borrowed until leave. */
void inspex__guard_enter_load(inspex__call_t *c, const char *name,
                              const char *path, const char *entry);
/* A probe under the time limit (INSPEX_PROBE_TIMEOUT seconds, default 2;
 * 0 for none). */
int inspex__guard_probe(const inspex_plugin_t *plugin,
                        const unsigned char *data, size_t len);

/* Which file a descriptor came from, for the crash line; path is copied.
 * Forget when the file is unloaded. */
void inspex__guard_know(const inspex_plugin_t *plugin, const char *path);
void inspex__guard_forget(const inspex_plugin_t *plugin);
/* The plugin running on this thread, or NULL. */
const inspex_plugin_t *inspex__guard_current(void);
/* 1 when plugin came from a file outside the installed plugin directory
 * and the build tree: its messages carry its name. */
int inspex__guard_third_party(const inspex_plugin_t *plugin);

/* Registers a temporary file to remove if the process is killed; returns
 * a slot for inspex__guard_temp_drop, or -1 when every slot is taken (the
 * file is then unprotected, never refused). */
int inspex__guard_temp_add(const char *path);
void inspex__guard_temp_drop(int slot);

/* For a child that must die plainly (inspex plugins check): the fatal
 * handlers are taken out and marking calls does nothing. */
void inspex__guard_disable(void);

/* The plugin cache: one line per plugin file checked or crashed,
 * "size\tmtime\tstatus\tpath\treason". Its path is INSPEX_PLUGIN_CACHE,
 * else $XDG_CACHE_HOME/inspex/plugins, else ~/.cache/inspex/plugins;
 * NULL when there is none (borrowed, static). */
const char *inspex__plugin_cache_path(void);
/* The reason recorded for path when it was found broken at its current
 * size and mtime (caller owns it), else NULL. */
char *inspex__plugin_cache_broken(const char *path);
/* Records path's state at its current size and mtime: broken with
 * reason, or sound (reason NULL), replacing what was known of it.
 * -1 when the cache cannot be written. */
int inspex__plugin_cache_store(const char *path, const char *reason);

#endif
