// The native floor for the comparison: an MCP server over stdio in C with no runtime at all. It answers
// initialize and tools/list, and for each tools/call sends one GET to the sandbox over one kept-alive connection
// and returns the body as the result's text. Only for the sandbox's own answers (small, Content-Length framed, on
// 127.0.0.1); compare.mjs builds it with the machine's C compiler when there is one.
// Usage: one-get-server PORT
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int relay = -1;
static int port;
static char response[1 << 16];
static char out[1 << 17];

static void fail(const char *what) { perror(what); exit(1); }

static void write_all(int fd, const char *data, size_t length) {
  while (length > 0) {
    ssize_t n = write(fd, data, length);
    if (n <= 0) fail("write");
    data += n;
    length -= (size_t)n;
  }
}

static void connect_relay(void) {
  struct sockaddr_in address = {0};
  int one = 1;
  relay = socket(AF_INET, SOCK_STREAM, 0);
  address.sin_family = AF_INET;
  address.sin_port = htons((unsigned short)port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (relay < 0 || connect(relay, (struct sockaddr *)&address, sizeof address) != 0) fail("connect");
  setsockopt(relay, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

// Sends the GET and returns the HTTP status; *body points at the NUL-terminated body inside `response`.
static int get_task(const char *task_id, char **body) {
  char request[512];
  int length = snprintf(request, sizeof request,
                        "GET /runwayml/v1/tasks/%s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer sandbox-key\r\n\r\n",
                        task_id, port);
  size_t received = 0;
  char *headers_end = NULL;
  long content_length = 0;
  if (relay < 0) connect_relay();
  write_all(relay, request, (size_t)length);
  for (;;) {
    ssize_t n = read(relay, response + received, sizeof response - received - 1);
    if (n <= 0) fail("read");
    received += (size_t)n;
    response[received] = '\0';
    if (headers_end == NULL && (headers_end = strstr(response, "\r\n\r\n")) != NULL) {
      char *field = strcasestr(response, "\r\ncontent-length:");
      content_length = field ? atol(field + 17) : 0;
    }
    if (headers_end != NULL && (long)(received - (size_t)(headers_end + 4 - response)) >= content_length) break;
  }
  *body = headers_end + 4;
  (*body)[content_length] = '\0';
  return atoi(response + 9);
}

int main(int argc, char **argv) {
  char *line = NULL;
  size_t capacity = 0;
  if (argc != 2 || (port = atoi(argv[1])) <= 0) {
    fprintf(stderr, "usage: one-get-server PORT\n");
    return 2;
  }
  while (getline(&line, &capacity, stdin) > 0) {
    char *id = strstr(line, "\"id\":");
    int length;
    if (id == NULL) continue;  // a notification: nothing to answer
    id += 5;
    if (strstr(line, "\"method\":\"initialize\"")) {
      length = snprintf(out, sizeof out,
                        "{\"jsonrpc\":\"2.0\",\"id\":%d,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"one-get-c\",\"version\":\"1.0.0\"}}}\n",
                        atoi(id));
    } else if (strstr(line, "\"method\":\"tools/list\"")) {
      length = snprintf(out, sizeof out,
                        "{\"jsonrpc\":\"2.0\",\"id\":%d,\"result\":{\"tools\":[{\"name\":\"get_video_task\",\"inputSchema\":{\"type\":\"object\"}}]}}\n",
                        atoi(id));
    } else {
      char task_id[129] = {0};
      char *body;
      char *start = strstr(line, "\"task_id\":\"");
      for (int i = 0; start != NULL && i < 128 && start[11 + i] != '"' && start[11 + i] != '\0'; i++) task_id[i] = start[11 + i];
      int status = get_task(task_id, &body);
      length = snprintf(out, sizeof out, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"", atoi(id));
      for (char *c = body; *c != '\0' && length < (int)sizeof out - 64; c++) {
        if (*c == '"' || *c == '\\') out[length++] = '\\';
        if ((unsigned char)*c >= 0x20) out[length++] = *c;
      }
      length += snprintf(out + length, sizeof out - (size_t)length, "\"}],\"isError\":%s}}\n", status == 200 ? "false" : "true");
    }
    write_all(1, out, (size_t)length);
  }
  return 0;
}
