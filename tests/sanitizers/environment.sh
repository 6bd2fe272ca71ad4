# Sourced by scripts/sanitize.sh and scripts/fuzz.sh: how the sanitizers report.
# Every report is fatal (the build adds -fno-sanitize-recover=all for UBSan);
# leaks are reported at exit; lsan.supp holds the third-party leaks, each with its reason.
sanitizers="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1:abort_on_error=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="suppressions=$sanitizers/lsan.supp:print_suppressions=0"
unset sanitizers
