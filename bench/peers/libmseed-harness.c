/*
 * Audifleet's peer harness around libmseed 3 (built by bench/peers/build-libmseed).
 *
 *   libmseed-harness decode ROUNDS MILLIS FILE   one thread, file held in memory: per round, parse + unpack every
 *                                                record for at least MILLIS ms of this thread's CPU time; prints
 *                                                "round=N samples=S seconds=T msps=M wall_msps=W checksum=C"
 *                                                (T and M in thread CPU time, W in wall time)
 *   libmseed-harness dump FILE                   the lean whole-process peer of bin/decode: one "# REC" line per
 *                                                record and one integer sample per line, stdout fully buffered
 *
 * The checksum (sum of all samples of one pass) lets bench/parts/10-steim check both sides decoded the same values.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libmseed.h"

static char *read_file(const char *path, uint64_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(2); }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "%s: read failed\n", path); exit(2); }
  fclose(f);
  *len = (uint64_t)n;
  return buf;
}

/* CPU time of this thread: on a loaded machine it leaves out the time the thread waited for a core. */
static double now(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* One pass over the whole buffer; returns samples decoded, adds every sample to *checksum. */
static int64_t pass(const char *buf, uint64_t len, MS3Record **msr, int64_t *checksum) {
  uint64_t off = 0;
  int64_t samples = 0;
  while (off < len) {
    int rc = msr3_parse(buf + off, len - off, msr, MSF_UNPACKDATA | MSF_VALIDATECRC | MSF_ATENDOFFILE, 0);
    if (rc != MS_NOERROR) { fprintf(stderr, "parse error %d at offset %" PRIu64 "\n", rc, off); exit(2); }
    const int32_t *s = (const int32_t *)(*msr)->datasamples;
    int64_t n = (*msr)->numsamples;
    if ((*msr)->sampletype != 'i') { fprintf(stderr, "not an integer record at %" PRIu64 "\n", off); exit(2); }
    if (checksum) {
      for (int64_t i = 0; i < n; i++) *checksum += s[i];
    }
    samples += n;
    off += (uint64_t)(*msr)->reclen;
  }
  return samples;
}

static int decode(int rounds, int millis, const char *path) {
  uint64_t len;
  char *buf = read_file(path, &len);
  MS3Record *msr = NULL;
  int64_t checksum = 0;
  pass(buf, len, &msr, &checksum); /* warm caches and page in the buffer */
  for (int r = 1; r <= rounds; r++) {
    double start = now(CLOCK_THREAD_CPUTIME_ID), wall = now(CLOCK_MONOTONIC), elapsed;
    int64_t samples = 0;
    do {
      samples += pass(buf, len, &msr, NULL);
      elapsed = now(CLOCK_THREAD_CPUTIME_ID) - start;
    } while (elapsed * 1000.0 < millis);
    wall = now(CLOCK_MONOTONIC) - wall;
    printf("round=%d samples=%" PRId64 " seconds=%.6f msps=%.1f wall_msps=%.1f checksum=%" PRId64 "\n", r, samples,
           elapsed, samples / elapsed / 1e6, samples / wall / 1e6, checksum);
    fflush(stdout);
  }
  msr3_free(&msr);
  free(buf);
  return 0;
}

static int dump(const char *path) {
  static char out[1 << 20];
  setvbuf(stdout, out, _IOFBF, sizeof out);
  uint64_t len;
  char *buf = read_file(path, &len);
  MS3Record *msr = NULL;
  uint64_t off = 0;
  while (off < len) {
    int rc = msr3_parse(buf + off, len - off, &msr, MSF_UNPACKDATA | MSF_VALIDATECRC | MSF_ATENDOFFILE, 0);
    if (rc != MS_NOERROR) { fprintf(stderr, "parse error %d at offset %" PRIu64 "\n", rc, off); return 2; }
    char start[40];
    ms_nstime2timestr_n(msr->starttime, start, sizeof start, ISOMONTHDAY_Z, NANO_MICRO_NONE);
    printf("# REC off=%" PRIu64 " reclen=%d fmt=%d enc=%d sid=%s start=%s rate=%g samplecnt=%" PRId64
           " numsamples=%" PRId64 "\n", off, msr->reclen, msr->formatversion, msr->encoding, msr->sid, start,
           msr3_sampratehz(msr), msr->samplecnt, msr->numsamples);
    const int32_t *s = (const int32_t *)msr->datasamples;
    for (int64_t i = 0; i < msr->numsamples; i++) printf("%d\n", s[i]);
    off += (uint64_t)msr->reclen;
  }
  msr3_free(&msr);
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 5 && strcmp(argv[1], "decode") == 0) return decode(atoi(argv[2]), atoi(argv[3]), argv[4]);
  if (argc == 3 && strcmp(argv[1], "dump") == 0) return dump(argv[2]);
  fprintf(stderr, "usage: libmseed-harness decode ROUNDS MILLIS FILE | dump FILE\n");
  return 2;
}
