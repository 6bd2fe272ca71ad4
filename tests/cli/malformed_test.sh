#!/usr/bin/env bash
# Every file in tests/malformed/ through the kpilot command, checking the
# message a user would see for it (tests/malformed/expected.txt).
set -uo pipefail
kpilot="$1"
dir="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
while IFS=$'\t' read -r file expected; do
  case "$file" in ''|'#'*) continue ;; esac
  if [[ "$file" == *.json ]]; then
    "$kpilot" check --model "$dir/$file" > /dev/null 2> "$work/err"
  else
    "$kpilot" compute --model "$dir/model.json" --data "$dir/$file" --grain month --decimal-comma > /dev/null 2> "$work/err"
  fi
  if grep -qF -- "$expected" "$work/err"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $file: expected \"$expected\", got: $(cat "$work/err")"
  fi
done < "$dir/expected.txt"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 10 ]
