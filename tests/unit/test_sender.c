// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/* cmocka unit tests of the sender threads: every slice sent once, failures halt the others. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "config.h"
#include "sender.h"

#define SLOTS 10000

/* What a run of senders shares: one mark per index, written by the thread whose slice it is. */
struct fake {
	uint32_t n;
	uint8_t marks[SLOTS];
	uint32_t fail_thread; /* this thread fails at once (SLOTS: none) */
	bool *halt;
	bool until_halt;      /* senders wait for *halt (at most 5 s) instead of marking */
	uint64_t consumed;    /* consume() calls, by the calling thread */
	int consume_rc;
};

/* Thread t marks indices t, t + n, ... as a sender walks its sub-shard; stops at *halt. */
static int fake_send(void *ctx, uint32_t t)
{
	struct fake *f = ctx;
	uint32_t i;

	if (t == f->fail_thread)
		return -1;
	for (i = 0; f->until_halt && i < 5000000; i++) {
		struct timespec us = { 0, 1000 };

		if (__atomic_load_n(f->halt, __ATOMIC_RELAXED))
			return 0;
		nanosleep(&us, NULL);
	}
	for (i = t; i < SLOTS; i += f->n) {
		if (__atomic_load_n(f->halt, __ATOMIC_RELAXED))
			return 0;
		f->marks[i]++;
		if (f->fail_thread < SLOTS) { /* give the halt time to arrive */
			struct timespec us = { 0, 1000 };

			nanosleep(&us, NULL);
		}
	}
	return 0;
}

static int fake_consume(void *ctx)
{
	struct fake *f = ctx;

	f->consumed++;
	return f->consume_rc;
}

/* Three threads cover every index exactly once, and nothing halted. */
static void test_senders_cover_once(void **state)
{
	static struct fake f;
	bool halt = false;
	char err[128] = "";
	uint32_t i;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.n = 3;
	f.fail_thread = SLOTS;
	f.halt = &halt;
	assert_int_equal(xm_senders_run(3, fake_send, &f, fake_consume, &f, &halt, err,
					sizeof(err)), 0);
	for (i = 0; i < SLOTS; i++)
		assert_int_equal(f.marks[i], 1);
	assert_false(halt); /* consume() may not have run: the senders can finish first */
}

/* One failing sender: the run fails, the others see *halt and stop early. */
static void test_senders_failure_halts(void **state)
{
	static struct fake f;
	bool halt = false;
	char err[128] = "";
	uint32_t i, marked = 0;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.n = 2;
	f.fail_thread = 1;
	f.halt = &halt;
	assert_int_equal(xm_senders_run(2, fake_send, &f, fake_consume, &f, &halt, err,
					sizeof(err)), -1);
	assert_true(halt);
	for (i = 0; i < SLOTS; i++) {
		assert_true(f.marks[i] <= 1);
		assert_int_equal(f.marks[i] && i % 2, 0); /* thread 1 sent nothing */
		marked += f.marks[i];
	}
	assert_true(marked < SLOTS / 2); /* thread 0 stopped before its end */
}

/* A failing consume() halts the senders too, and the run fails. */
static void test_senders_consume_failure(void **state)
{
	static struct fake f;
	bool halt = false;
	char err[128] = "";

	(void)state;
	memset(&f, 0, sizeof(f));
	f.n = 2;
	f.fail_thread = SLOTS;
	f.halt = &halt;
	f.consume_rc = -1;
	f.until_halt = true;
	assert_int_equal(xm_senders_run(2, fake_send, &f, fake_consume, &f, &halt, err,
					sizeof(err)), -1);
	assert_true(halt);
}

/* --sender-threads given: kept when the interface's queues are unknown; the default is >= 1. */
static void test_senders_count(void **state)
{
	char err[128] = "";

	(void)state;
	assert_int_equal(xm_senders_count(4, "xm-no-such-if0", err, sizeof(err)), 4);
	assert_int_equal(xm_iface_queues("xm-no-such-if0"), 0);
	assert_int_equal(xm_senders_count(0, "xm-no-such-if0", err, sizeof(err)), 1);
	assert_true(xm_senders_count(0, "lo", err, sizeof(err)) >= 1);
	assert_true(xm_senders_count(0, "lo", err, sizeof(err)) <= XM_SENDERS_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_senders_cover_once),
		cmocka_unit_test(test_senders_failure_halts),
		cmocka_unit_test(test_senders_consume_failure),
		cmocka_unit_test(test_senders_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
