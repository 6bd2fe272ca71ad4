#pragma once
// The kpilot command's subcommands. Each takes its own arguments (after the
// subcommand name) and returns the process exit code.

#include <string>
#include <vector>

namespace kpilot::cli {

// Exit codes scripts can rely on.
enum ExitCode : int {
    exit_ok = 0,
    exit_failure = 1,      // the work could not be done (unreadable file, nothing to compute)
    exit_usage = 2,        // the command line itself is wrong
    exit_rows_rejected = 3 // done, but some input rows were rejected (with --strict: stopped at the first)
};

int list_command(const std::vector<std::string>& args);
int docs_command(const std::vector<std::string>& args);
int compute_command(const std::vector<std::string>& args);
int check_command(const std::vector<std::string>& args);
int template_command(const std::vector<std::string>& args);
int attribute_command(const std::vector<std::string>& args);

}  // namespace kpilot::cli
