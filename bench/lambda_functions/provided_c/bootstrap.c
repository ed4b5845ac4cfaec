/* A minimal `provided` runtime in C for the benchmarks: one keep-alive connection to the Runtime
   API, echoes each event back. Compiled by the benchmarks with `gcc -O2`. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int fd;
static char rbuf[1 << 23];
static size_t rlen;
static char body[1 << 23];

static void fill(void) {
    ssize_t n = read(fd, rbuf + rlen, sizeof(rbuf) - rlen);
    if (n <= 0) exit(1);
    rlen += (size_t)n;
}

static void writeall(const char *p, size_t n) {
    while (n > 0) { ssize_t w = write(fd, p, n); if (w <= 0) exit(1); p += w; n -= (size_t)w; }
}

/* Reads one response; copies its head into hdr and returns the body length (body in `body`). */
static size_t response(char *hdr, size_t cap) {
    char *end;
    while (!(end = memmem(rbuf, rlen, "\r\n\r\n", 4))) fill();
    size_t hlen = (size_t)(end - rbuf) + 4;
    size_t copy = hlen < cap - 1 ? hlen : cap - 1;
    memcpy(hdr, rbuf, copy); hdr[copy] = 0;
    size_t clen = 0;
    char *p = strcasestr(hdr, "\r\ncontent-length:");
    if (p) clen = strtoul(p + 17, NULL, 10);
    if (clen > sizeof(body)) exit(1);
    while (rlen < hlen + clen) fill();
    memcpy(body, rbuf + hlen, clen);
    memmove(rbuf, rbuf + hlen + clen, rlen - hlen - clen);
    rlen -= hlen + clen;
    return clen;
}

int main(void) {
    char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!api) return 2;
    char hostname[64]; int port = 0;
    if (sscanf(api, "%63[^:]:%d", hostname, &port) != 2) return 2;
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET; addr.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, hostname, &addr.sin_addr);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1; setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) return 3;
    static const char next[] = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: rapi\r\n\r\n";
    char hdr[8192], head[512], id[128];
    for (;;) {
        writeall(next, sizeof next - 1);
        size_t n = response(hdr, sizeof hdr);
        char *p = strcasestr(hdr, "\r\nlambda-runtime-aws-request-id:");
        if (!p) return 4;
        p += 32; while (*p == ' ') p++;
        size_t i = 0; while (p[i] && p[i] != '\r' && i < sizeof id - 1) { id[i] = p[i]; i++; } id[i] = 0;
        int hl = snprintf(head, sizeof head,
            "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: rapi\r\n"
            "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n", id, n);
        writeall(head, (size_t)hl);
        writeall(body, n);
        response(hdr, sizeof hdr);
    }
}
