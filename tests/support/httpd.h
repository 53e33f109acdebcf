/* SPDX-License-Identifier: MIT */
/* httpd.h - a tiny HTTP server for tests, on 127.0.0.1 with an ephemeral
 * port, run in a child process. Each connection gets the same canned
 * response (raw bytes: status line, headers, body). Header-only. */
#ifndef INSPEX_TEST_HTTPD_H
#define INSPEX_TEST_HTTPD_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static int test_httpd_start_delayed(const char *response, size_t len,
                                    int max_conns, unsigned delay_ms,
                                    pid_t *pid);

/* Starts the server; returns its port, or -1. It serves at most
 * max_conns connections and then exits; test_httpd_stop ends it early. */
static int test_httpd_start(const char *response, size_t len, int max_conns,
                            pid_t *pid)
{
    return test_httpd_start_delayed(response, len, max_conns, 0, pid);
}

/* As test_httpd_start, waiting delay_ms before each response (for
 * timeouts). */
static int test_httpd_start_delayed(const char *response, size_t len,
                                    int max_conns, unsigned delay_ms,
                                    pid_t *pid)
{
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;

    if (s < 0)
        return -1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s, 8) != 0 ||
        getsockname(s, (struct sockaddr *)&a, &alen) != 0) {
        close(s);
        return -1;
    }
    *pid = fork();
    if (*pid < 0) {
        close(s);
        return -1;
    }
    if (*pid == 0) {
        alarm(20); /* never outlive a hung test */
        for (int i = 0; i < max_conns; i++) {
            char req[4096];
            size_t got = 0;
            int c = accept(s, NULL, NULL);
            if (c < 0)
                break;
            while (got < sizeof(req) - 1) {
                ssize_t n = read(c, req + got, sizeof(req) - 1 - got);
                if (n <= 0)
                    break;
                got += (size_t)n;
                req[got] = '\0';
                if (strstr(req, "\r\n\r\n"))
                    break;
            }
            if (delay_ms)
                usleep(delay_ms * 1000);
            for (size_t off = 0; off < len;) {
                ssize_t n = write(c, response + off, len - off);
                if (n <= 0)
                    break;
                off += (size_t)n;
            }
            close(c);
        }
        _exit(0);
    }
    close(s);
    return ntohs(a.sin_port);
}

static void test_httpd_stop(pid_t pid)
{
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

#endif
