#!/usr/bin/env bash
# One stage of the tests: `stage.sh NAME command...` runs the command and prints how long it
# took, passed or not. With STAGE_LOG set (.ci/run), the line is added to that file too.
name="$1"
shift
start=$(date +%s)
status=0
"$@" || status=$?
line="[stage] $name: $(( $(date +%s) - start )) s"
if [ "$status" -ne 0 ]; then line="$line (failed, exit $status)"; fi
echo "$line"
if [ -n "${STAGE_LOG:-}" ]; then echo "$line" >> "$STAGE_LOG"; fi
exit "$status"
