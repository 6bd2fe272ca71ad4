#pragma once
// Buffers for a range's numbers, reused across calls. A million-cell range
// read into a fresh vector costs more in page faults than the KPI costs in
// arithmetic; a buffer that was written before is warm. The pool is shared
// and locked, not thread_local: thread_local objects with destructors run
// them at thread exit under the Windows loader lock, where Excel's
// calculation threads must not be made to wait.

#include <cstddef>
#include <vector>

namespace kpilot::xll {

// A buffer lent by the pool; it goes back (or is freed) when this is destroyed.
class NumberBuffer {
public:
    NumberBuffer();
    ~NumberBuffer();
    NumberBuffer(NumberBuffer&& other) noexcept = default;
    NumberBuffer& operator=(NumberBuffer&& other) noexcept = default;
    NumberBuffer(const NumberBuffer&) = delete;
    NumberBuffer& operator=(const NumberBuffer&) = delete;

    std::vector<double>& numbers() { return numbers_; }

private:
    std::vector<double> numbers_;
};

// What the pool keeps between calls, for tests: buffers, and their bytes.
struct NumberBufferPoolState {
    std::size_t buffers = 0;
    std::size_t bytes = 0;
};
NumberBufferPoolState number_buffer_pool_state();

// Frees every kept buffer (xlAutoClose: Excel is letting the add-in go).
void release_number_buffers();

}  // namespace kpilot::xll
