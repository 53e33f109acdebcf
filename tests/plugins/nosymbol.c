/* SPDX-License-Identifier: MIT */
/* A shared object without the entry symbol: not an inspex plugin. */
int not_an_inspex_plugin(void);
int not_an_inspex_plugin(void)
{
    return 42;
}
