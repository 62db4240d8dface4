// Package stress holds the daemon's crash test and ingest benchmark against a real Dovecot.
//
// The daemon runs as a child process, so it can be killed with SIGKILL and its memory read from
// /proc: the test binary re-executes itself with HELPDESK_STRESS_CHILD=<spec file>, and TestMain
// then runs daemon.Open and Serve with the configuration in that file until SIGTERM, logging to
// a file. Both need Dovecot (internal/dovecottest) and skip without it, unless CI is set.
//
//   - TestCrashNoLossNoDuplicates delivers several hundred incidents in waves, SIGKILLs the
//     daemon at random moments while it ingests and its outbox delivers (the seed is logged;
//     HELPDESK_STRESS_SEED repeats a run), lets a last daemon drain everything, and checks that
//     every mail became exactly one ticket, that Dovecot moved every mail to Processed and lost
//     none, and that every ticket's confirmation reached the relay (which refuses a second
//     EHLO, as strict servers do), with at most one duplicate per kill and connection. It runs
//     with outbox.connections 4 and 1 and logs a RESULT line per run: kills, duplicates, bound.
//
//   - BenchmarkIngest measures the ingest rate with durable commits, the pickup latency from
//     LMTP delivery to the confirmation's acceptance by the relay, and the peak RSS while a mail
//     with a 25 MiB attachment is ingested. Run it once:
//
//     go test -run '^$' -bench Ingest -benchtime 1x ./integration/stress/
//
//     HELPDESK_STRESS_N (mails for the rate, default 5000), HELPDESK_STRESS_BATCH
//     (imap.batch_size, default 200) and HELPDESK_STRESS_CPUPROFILE / HELPDESK_STRESS_MEMPROFILE
//     (a file prefix; each child daemon writes <prefix>-<phase>.pprof) tune and profile it.
package stress
