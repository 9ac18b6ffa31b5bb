{ sub(/\r$/, "") }
# SPDX-License-Identifier: GPL-2.0
# Turns one boot's result stream (see guest-init.sh) into one line per
# test and the counts "passed failed skipped" on the last line.
# A test that exits non-zero without a failing TAP line, prints no TAP at
# all, or never ends (the guest died) counts as a failure, and so does a
# test the boot was to run (LAB-PLANNED, added by lab/run.sh) that never
# started.

function fail(what, why) {
	failed++
	printf "FAIL %s/%s\n", boot, what
	if (why != "")
		printf "     %s\n", why
}

/^LAB-PLANNED / { nplanned = split($2, planned_tests, ","); next }
/^LAB-START / {
	cur = $2; started[cur] = 1; tap[cur] = 0; bad[cur] = 0; ended[cur] = 0
	plan[cur] = ""; planned[cur] = 0
	next
}
# the test's TAP plan, "1..N": it must print N results of its own (the lab
# adds its kernel log checks as 990 and up)
/^\[[^]]*\] 1\.\.[0-9]+$/ {
	t = substr($1, 2, length($1) - 2)
	if (plan[t] == "")
		plan[t] = substr($2, 4) + 0
	next
}
/^LAB-END / {
	t = $2; rc = $3; sub(/^rc=/, "", rc); ended[t] = 1
	if (rc != "0" && bad[t] == 0)
		fail(t, "exited with status " rc " without a failing test")
	else if (tap[t] == 0)
		fail(t, "printed no test result")
	else if (plan[t] != "" && planned[t] != plan[t])
		fail(t, "planned " plan[t] " results and printed " planned[t])
	cur = ""
	next
}
/^LAB-DONE/ { done = 1; next }
/^LAB-STALL / { stall = $0; sub(/^LAB-STALL /, "", stall); next }
/^\[[^]]*\] (not )?ok [0-9]+ / {
	t = substr($1, 2, length($1) - 2)
	line = $0; sub(/^\[[^]]*\] /, "", line)
	notok = (line ~ /^not ok /)
	if ($(notok ? 4 : 3) + 0 < 990)
		planned[t]++
	sub(/^(not )?ok [0-9]+ /, "", line)
	tap[t]++
	if (line ~ /# SKIP/) {
		skipped++; printf "SKIP %s/%s: %s\n", boot, t, line
	} else if (notok) {
		bad[t]++; fail(t ": " line, "")
	} else {
		passed++; printf "PASS %s/%s: %s\n", boot, t, line
	}
	next
}
/^\[[^]]*\] # tolerated upstream report: / {
	line = $0; sub(/^\[[^]]*\] # /, "", line)
	printf "NOTE %s/%s: %s\n", boot, substr($1, 2, length($1) - 2), line
	next
}
/^\[[^]]*\] # / {
	if (verbose || bad[substr($1, 2, length($1) - 2)])
		printf "     %s\n", $0
	next
}
END {
	why = "the guest stopped before the end (panic, hang or time-out)"
	if (stall != "")
		why = "the guest hung, " stall
	if (!done)
		fail(cur == "" ? "boot" : cur, why)
	for (i = 1; i <= nplanned; i++)
		if (!started[planned_tests[i]])
			fail(planned_tests[i], "never ran")
	printf "%d %d %d\n", passed, failed, skipped
}
