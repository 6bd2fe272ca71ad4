#pragma once
// A progress bar on stderr for inputs that take more than a moment, drawn only
// when stderr is a terminal so that logs and pipes stay clean.

#include <chrono>
#include <cstdint>

namespace kpilot::cli {

class ProgressBar {
public:
    ProgressBar();
    ~ProgressBar();
    void update(std::uint64_t done, std::uint64_t total);
    // Clears the bar, so what follows on stderr starts on a clean line.
    void finish();

private:
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace kpilot::cli
