#!/usr/bin/env bash
# What Excel needs from the XLL file itself, checked without running it (so
# also where wine cannot run 32-bit programs):
# - the xlAuto functions and the worksheet functions are exported under their
#   plain names (a 32-bit __stdcall export left decorated, xlAutoOpen@0, is
#   one Excel never finds);
# - it imports nothing but Windows' own KERNEL32 and msvcrt, so it runs alone.
#   check_xll_file.sh OBJDUMP XLL
set -uo pipefail
objdump=$1 xll=$2
headers=$("$objdump" -p "$xll") || { echo "FAILED: cannot read $xll"; exit 1; }
exports=$(sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' <<<"$headers" | sed -n 's/^\s*\[ *[0-9]*\] //p')
imports=$(sed -n 's/^\s*DLL Name: //p' <<<"$headers")
echo "$(basename "$xll"): $(wc -l <<<"$exports") exports; imports: $(tr '\n' ' ' <<<"$imports")"
status=0
for name in xlAutoOpen xlAutoClose xlAutoFree12 xlAddInManagerInfo12 KPI_EXPLAIN KPI_CATALOG KPI_ATTRIBUTION KPI_ROMI KPI_NPS; do
  grep -qx "$name" <<<"$exports" || { echo "FAILED: $name is not exported"; status=1; }
done
if grep -q '@' <<<"$exports"; then
  echo "FAILED: decorated exports: $(grep '@' <<<"$exports" | head -3 | tr '\n' ' ')"
  status=1
fi
while read -r dll; do
  case "${dll,,}" in
    kernel32.dll | msvcrt.dll) ;;
    *) echo "FAILED: imports $dll, which a user's machine may not have"; status=1 ;;
  esac
done <<<"$imports"
exit $status
