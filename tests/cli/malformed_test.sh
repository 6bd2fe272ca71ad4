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
    # The same model given to compute: the same message, never a library's exception.
    "$kpilot" compute --model "$dir/$file" --data "$dir/bad_number.csv" > /dev/null 2> "$work/compute_err"
    if ! grep -qF -- "$expected" "$work/compute_err"; then
      failed=$((failed + 1))
      echo "FAIL $file (compute): expected \"$expected\", got: $(cat "$work/compute_err")"
      continue
    fi
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
