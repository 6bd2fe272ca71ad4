#include "number_buffers.hpp"

#include <mutex>

namespace kpilot::xll {

namespace {

// Enough for every calculation thread of a large machine to hold one warm
// buffer, without letting one huge range pin its memory after the call.
constexpr std::size_t max_kept_buffers = 16;
constexpr std::size_t max_kept_bytes = std::size_t{64} << 20;

class NumberBufferPool {
public:
    std::vector<double> take() {
        std::lock_guard lock(mutex_);
        if (kept_.empty()) return {};
        std::vector<double> numbers = std::move(kept_.back());
        kept_.pop_back();
        kept_bytes_ -= bytes_of(numbers);
        return numbers;
    }

    void give_back(std::vector<double>&& numbers) {
        const std::size_t bytes = bytes_of(numbers);
        if (bytes == 0) return;
        numbers.clear();
        std::lock_guard lock(mutex_);
        if (kept_.size() >= max_kept_buffers || kept_bytes_ + bytes > max_kept_bytes) return;  // freed by the caller
        kept_bytes_ += bytes;
        kept_.push_back(std::move(numbers));
    }

    NumberBufferPoolState state() {
        std::lock_guard lock(mutex_);
        return {kept_.size(), kept_bytes_};
    }

    void release() {
        std::vector<std::vector<double>> freed;
        {
            std::lock_guard lock(mutex_);
            freed.swap(kept_);
            kept_bytes_ = 0;
        }
    }

private:
    static std::size_t bytes_of(const std::vector<double>& numbers) { return numbers.capacity() * sizeof(double); }

    std::mutex mutex_;
    std::vector<std::vector<double>> kept_;
    std::size_t kept_bytes_ = 0;
};

NumberBufferPool& pool() {
    static NumberBufferPool the_pool;
    return the_pool;
}

}  // namespace

NumberBuffer::NumberBuffer() : numbers_(pool().take()) {}

NumberBuffer::~NumberBuffer() { pool().give_back(std::move(numbers_)); }

NumberBufferPoolState number_buffer_pool_state() { return pool().state(); }

void release_number_buffers() { pool().release(); }

}  // namespace kpilot::xll
