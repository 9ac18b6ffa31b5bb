# SPDX-License-Identifier: GPL-2.0
# Holds one boot's skips against lab/expected-skips.txt:
#   awk -v boot=NAME -f skips.awk expected-skips.txt NAME.results -
# with results.awk's output for that boot on stdin. Its lines pass on,
# each expected skip with the list's reason below it. A skip the list
# does not expect for the boot is a failure instead, and so is an entry
# for the boot whose skip did not happen although its test ran to the
# end and failed nothing (the list is stale). The last line, "passed
# failed skipped", counts them so.

function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}

# the list: "BOOT[,BOOT...] TEST PATTERN -- REASON", one skip each
FILENAME == ARGV[1] {
	if ($0 ~ /^[ \t]*(#|$)/)
		next
	rest = $0
	sub(/^[ \t]*[^ \t]+[ \t]+[^ \t]+[ \t]+/, "", rest)
	sep = index(rest, " -- ")
	if (NF < 3 || sep == 0) {
		printf "FAIL %s/expected-skips.txt:%d: not BOOTS TEST PATTERN -- REASON\n",
			boot, FNR
		listbad++
		next
	}
	nb = split($1, b, ",")
	for (i = 1; i <= nb; i++) {
		if (b[i] != boot)
			continue
		n++
		etest[n] = $2
		epat[n] = trim(substr(rest, 1, sep - 1))
		ewhy[n] = trim(substr(rest, sep + 4))
		eline[n] = FNR
	}
	next
}

# the boot's result stream: which tests ran to their end
FILENAME == ARGV[2] {
	sub(/\r$/, "")
	if ($1 == "LAB-END")
		ended[$2] = 1
	next
}

{ out[++nout] = $0 }

END {
	split(nout ? out[nout] : "0 0 0", c, " ")
	passed = c[1]; failed = c[2] + listbad; skipped = c[3]
	head = "SKIP " boot "/"
	for (k = 1; k < nout; k++) {
		line = out[k]
		# "FAIL BOOT/TEST: ..." or "FAIL BOOT/TEST"
		if (index(line, "FAIL " boot "/") == 1) {
			t = substr(line, length("FAIL " boot "/") + 1)
			sub(/: .*/, "", t)
			failing[t] = 1
		}
		if (index(line, head) != 1) {
			print line
			continue
		}
		rest = substr(line, length(head) + 1)
		t = substr(rest, 1, index(rest, ": ") - 1)
		text = substr(rest, index(rest, ": ") + 2)
		for (e = 1; e <= n; e++)
			if (!used[e] && etest[e] == t && text ~ epat[e])
				break
		if (e <= n) {
			used[e] = 1
			print line
			printf "     expected: %s\n", ewhy[e]
			continue
		}
		printf "FAIL %s/%s: %s\n", boot, t, text
		print "     an unexpected skip: lab/expected-skips.txt has no entry for it"
		skipped--
		failed++
	}
	for (e = 1; e <= n; e++) {
		if (used[e] || !ended[etest[e]] || failing[etest[e]])
			continue
		printf "FAIL %s/%s: the expected skip /%s/ did not happen\n",
			boot, etest[e], epat[e]
		printf "     lab/expected-skips.txt:%d is stale (%s)\n",
			eline[e], ewhy[e]
		failed++
	}
	printf "%d %d %d\n", passed, failed, skipped
}
