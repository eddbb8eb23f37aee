/*
 * Copyright (c) 2026 The syslog-ng-mod-axigen authors
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * bench-scanner FILE [ROUNDS] [REPEATS]: scans every line of FILE ROUNDS
 * times, REPEATS times over, and prints the median ns per line.  A figure to
 * read, not a test.
 */
#include "axigen-scanner.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REPEATS_MAX 101

typedef struct
{
  const char *text;
  size_t len;
} BenchLine;

static char *
read_file(const char *path, size_t *size)
{
  FILE *file = fopen(path, "rb");
  if (!file)
    return NULL;

  size_t capacity = 1 << 20;
  size_t used = 0;
  char *data = malloc(capacity);
  while (data)
    {
      used += fread(data + used, 1, capacity - used, file);
      if (used < capacity)
        break;
      capacity *= 2;
      char *bigger = realloc(data, capacity);
      if (!bigger)
        free(data);
      data = bigger;
    }
  if (ferror(file))
    {
      free(data);
      data = NULL;
    }
  fclose(file);
  *size = used;
  return data;
}

/* the lines of data, without their terminators */
static BenchLine *
split_lines(const char *data, size_t size, size_t *count)
{
  size_t capacity = 1;
  for (size_t i = 0; i < size; i++)
    capacity += data[i] == '\n';

  BenchLine *lines = malloc(capacity * sizeof(*lines));
  if (!lines)
    return NULL;

  size_t n = 0;
  const char *p = data;
  const char *end = data + size;
  while (p < end)
    {
      const char *newline = memchr(p, '\n', (size_t) (end - p));
      const char *line_end = newline ? newline : end;
      if (line_end > p)
        {
          lines[n].text = p;
          lines[n].len = (size_t) (line_end - p);
          n++;
        }
      p = line_end + 1;
    }
  *count = n;
  return lines;
}

static double
now_ns(clockid_t clock)
{
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

/* the scanned result feeds a sum the compiler cannot drop */
static uint64_t
scan_all(const BenchLine *lines, size_t count, long rounds, size_t *parsed)
{
  AxigenLine line;
  uint64_t sum = 0;

  *parsed = 0;
  for (long round = 0; round < rounds; round++)
    {
      for (size_t i = 0; i < count; i++)
        {
          if (axigen_scan_line(lines[i].text, lines[i].len, &line))
            {
              (*parsed)++;
              sum += (uint64_t) line.event + line.fields[AXIGEN_FIELD_MESSAGE].len;
            }
        }
    }
  return sum;
}

static int
compare_doubles(const void *a, const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
  if (argc < 2 || argc > 4)
    {
      fprintf(stderr, "usage: %s FILE [ROUNDS] [REPEATS]\n", argv[0]);
      return 2;
    }
  long rounds = argc > 2 ? strtol(argv[2], NULL, 10) : 250;
  long repeats = argc > 3 ? strtol(argv[3], NULL, 10) : 7;
  if (rounds < 1 || repeats < 1 || repeats > REPEATS_MAX)
    {
      fprintf(stderr, "%s: ROUNDS must be at least 1, REPEATS 1 to %d\n", argv[0], REPEATS_MAX);
      return 2;
    }

  size_t size;
  char *data = read_file(argv[1], &size);
  if (!data)
    {
      fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[1]);
      return 1;
    }
  size_t count;
  BenchLine *lines = split_lines(data, size, &count);
  if (!lines || count == 0)
    {
      fprintf(stderr, "%s: no lines in %s\n", argv[0], argv[1]);
      return 1;
    }

  size_t parsed;
  uint64_t checksum = scan_all(lines, count, 1, &parsed);
  size_t parsed_per_round = parsed;

  /* wall time, and the thread's own CPU time, which a busy machine that
   * takes the CPU away now and then disturbs less */
  double wall_ns[REPEATS_MAX];
  double cpu_ns[REPEATS_MAX];
  double scans = (double) rounds * (double) count;
  for (long r = 0; r < repeats; r++)
    {
      double wall_start = now_ns(CLOCK_MONOTONIC);
      double cpu_start = now_ns(CLOCK_THREAD_CPUTIME_ID);
      checksum += scan_all(lines, count, rounds, &parsed);
      cpu_ns[r] = (now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu_start) / scans;
      wall_ns[r] = (now_ns(CLOCK_MONOTONIC) - wall_start) / scans;
    }
  qsort(wall_ns, (size_t) repeats, sizeof(double), compare_doubles);
  qsort(cpu_ns, (size_t) repeats, sizeof(double), compare_doubles);
  double median = wall_ns[repeats / 2];

  printf("scanner: %zu lines (%zu scanned), %ld rounds x %ld repeats\n", count, parsed_per_round, rounds, repeats);
  printf("scanner: %.1f ns/line median (min %.1f, max %.1f), %.0f lines/s; cpu time %.1f ns/line median"
         "  [checksum %llu]\n", median, wall_ns[0], wall_ns[repeats - 1], 1e9 / median, cpu_ns[repeats / 2],
         (unsigned long long) checksum);

  free(lines);
  free(data);
  return 0;
}
